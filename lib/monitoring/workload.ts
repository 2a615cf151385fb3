import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-28';
import type { ContainerResources } from '../config/config.js';
import { kubeResources, validateResources } from '../platform/resources.js';

/** Validated Kubernetes resources of one monitoring container. */
export function containerResources(container: string, resources: ContainerResources): k8s.ResourceRequirements {
  validateResources(container, resources);
  return kubeResources(resources);
}

/** A pod security context for a non-root user whose volumes are group-owned by `fsGroup`. */
export function podSecurityContext(uid: number, fsGroup: number = uid): k8s.PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup, seccompProfile: { type: 'RuntimeDefault' } };
}

/** A digest of configuration; as a pod annotation it rolls the pod whenever the configuration changes. */
export function checksum(...parts: unknown[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(typeof part === 'string' ? part : JSON.stringify(part));
  return hash.digest('hex');
}

export function httpProbe(path: string, port: number | string, periodSeconds = 10): k8s.Probe {
  return {
    httpGet: {
      path,
      port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port),
    },
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold: 3,
  };
}

/** The annotations that make the `kubernetes-pods` job scrape a pod. */
export function scrapeAnnotations(port: number, path = '/metrics'): Record<string, string> {
  return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': path };
}
