import type { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';

/** Name, namespace and labels shared by the objects of one component. */
export interface ComponentMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/** A ServiceAccount bound to a ClusterRole of the same name that grants `rules`. */
export function serviceAccountWithClusterRole(scope: Construct, meta: ComponentMeta, rules: k8s.PolicyRule[]): void {
  const { name, namespace, labels } = meta;
  new k8s.KubeServiceAccount(scope, 'service-account', { metadata: { name, namespace, labels } });
  new k8s.KubeClusterRole(scope, 'cluster-role', { metadata: { name, labels }, rules });
  new k8s.KubeClusterRoleBinding(scope, 'cluster-role-binding', {
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  });
}

/** A one-replica Deployment running under the component's ServiceAccount. */
export function singleReplicaDeployment(
  scope: Construct,
  meta: ComponentMeta,
  options: {
    readonly selector: Record<string, string>;
    /** Stop the old pod before starting the new one (volumes with one writer). @default false */
    readonly recreate?: boolean;
    readonly podAnnotations?: Record<string, string>;
    readonly pod: Omit<k8s.PodSpec, 'serviceAccountName'>;
  },
): k8s.KubeDeployment {
  return new k8s.KubeDeployment(scope, 'deployment', {
    metadata: { name: meta.name, namespace: meta.namespace, labels: meta.labels },
    spec: {
      replicas: 1,
      ...(options.recreate ? { strategy: { type: 'Recreate' } } : {}),
      selector: { matchLabels: options.selector },
      template: {
        metadata: { labels: meta.labels, ...(options.podAnnotations ? { annotations: options.podAnnotations } : {}) },
        spec: { serviceAccountName: meta.name, ...options.pod },
      },
    },
  });
}

/** A ClusterIP Service exposing the pods' port named `http`. */
export function httpService(
  scope: Construct,
  meta: ComponentMeta,
  selector: Record<string, string>,
  port: number,
): k8s.KubeService {
  return new k8s.KubeService(scope, 'service', {
    metadata: { name: meta.name, namespace: meta.namespace, labels: meta.labels },
    spec: { selector, ports: [{ name: 'http', port, targetPort: k8s.IntOrString.fromString('http') }] },
  });
}

/** Scheduling of a node agent: on every Linux node whatever its taints, before ordinary pods. */
export const EVERY_NODE = {
  priorityClassName: 'system-node-critical',
  tolerations: [{ operator: 'Exists' }],
  nodeSelector: { 'kubernetes.io/os': 'linux' },
} as const satisfies Partial<k8s.PodSpec>;
