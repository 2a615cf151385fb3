import { k8s } from 'cdk8s-plus-28';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { SyncWave } from '../platform/sync-order.js';
import { apiMetadata, type ApiObjectIdentity } from './api-objects.js';

/** The ClusterIP Service in front of the API pods, port `http`. */
export function apiService(scope: Construct, identity: ApiObjectIdentity, port: number): kplus.Service {
  return new kplus.Service(scope, 'service', {
    metadata: apiMetadata(identity),
    selector: kplus.Pods.select(scope, 'pods', { labels: { ...identity.selector } }),
    ports: [{ name: 'http', port, targetPort: port }],
  });
}

/**
 * Clients reach the API from anywhere (an ingress controller, a port-forward, Prometheus in the
 * monitoring namespace): the port is open to every source, every other port stays closed.
 */
export function apiNetworkPolicy(scope: Construct, identity: ApiObjectIdentity, port: number): k8s.KubeNetworkPolicy {
  return new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata: apiMetadata(identity, SyncWave.foundation),
    spec: {
      podSelector: { matchLabels: { ...identity.selector } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }] }],
    },
  });
}

/** An Ingress for `host` that sends every path to the Service's `http` port. */
export function apiIngress(
  scope: Construct,
  identity: ApiObjectIdentity,
  host: string,
  className: string | undefined,
): k8s.KubeIngress {
  return new k8s.KubeIngress(scope, 'ingress', {
    metadata: apiMetadata(identity),
    spec: {
      ingressClassName: className,
      rules: [
        {
          host,
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: identity.name, port: { name: 'http' } } } },
            ],
          },
        },
      ],
    },
  });
}
