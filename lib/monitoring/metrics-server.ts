import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { ContainerResources } from '../config/config.js';
import { restrictedKubeContext } from '../platform/security.js';
import { monitoringLabels } from './labels.js';
import { singleReplicaDeployment } from './objects.js';
import { containerResources, httpProbe } from './workload.js';

export interface MetricsServerProps {
  /** metrics-server belongs with the API server's other extensions. @default 'kube-system' */
  readonly namespace?: string;
  /** @default 'registry.k8s.io/metrics-server/metrics-server:v0.8.0' */
  readonly image?: string;
  /** Accept kubelet serving certificates not signed by the cluster CA (kind, Docker Desktop, minikube). @default false */
  readonly kubeletInsecureTls?: boolean;
  /** @default 50m/64Mi requested, 250m/192Mi limit */
  readonly resources?: ContainerResources;
}

export const METRICS_SERVER_DEFAULTS = {
  namespace: 'kube-system',
  image: 'registry.k8s.io/metrics-server/metrics-server:v0.8.0',
  kubeletInsecureTls: false,
  resources: { cpuRequest: '50m', memoryRequest: '64Mi', cpuLimit: '250m', memoryLimit: '192Mi' },
} as const;

const NAME = 'metrics-server';
const PORT = 10250;
const RUN_AS = { user: 1000, group: 1000 };

/**
 * metrics-server: the resource metrics API (`metrics.k8s.io`) the HorizontalPodAutoscaler reads. Most managed
 * clusters ship it; this construct is for those that do not.
 */
export class MetricsServer extends Construct {
  constructor(scope: Construct, id: string, props: MetricsServerProps = {}) {
    super(scope, id);
    const p = { ...METRICS_SERVER_DEFAULTS, ...props };
    const { labels, selector } = monitoringLabels(NAME, 'resource-metrics', p.image);
    const metadata = { name: NAME, namespace: p.namespace, labels };
    const binding = (
      kind: 'ClusterRoleBinding' | 'RoleBinding',
      name: string,
      roleKind: string,
      role: string,
      ns?: string,
    ) => {
      const props = {
        metadata: { name, labels, ...(ns ? { namespace: ns } : {}) },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
        subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: p.namespace }],
      };
      return kind === 'RoleBinding'
        ? new k8s.KubeRoleBinding(this, `${kind}-${name}`, props)
        : new k8s.KubeClusterRoleBinding(this, `${kind}-${name}`, props);
    };

    new k8s.KubeServiceAccount(this, 'service-account', { metadata });
    new k8s.KubeClusterRole(this, 'aggregated-reader', {
      metadata: {
        name: 'system:aggregated-metrics-reader',
        labels: {
          ...labels,
          'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
          'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
          'rbac.authorization.k8s.io/aggregate-to-view': 'true',
        },
      },
      rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: `system:${NAME}`, labels },
      rules: [
        { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    binding('ClusterRoleBinding', `system:${NAME}`, 'ClusterRole', `system:${NAME}`);
    binding('ClusterRoleBinding', `${NAME}:system:auth-delegator`, 'ClusterRole', 'system:auth-delegator');
    binding('RoleBinding', `${NAME}-auth-reader`, 'Role', 'extension-apiserver-authentication-reader', 'kube-system');

    new k8s.KubeService(this, 'service', {
      metadata,
      spec: { selector, ports: [{ name: 'https', port: 443, targetPort: k8s.IntOrString.fromString('https') }] },
    });
    singleReplicaDeployment(this, metadata, {
      selector,
      pod: {
        priorityClassName: 'system-cluster-critical',
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: NAME,
            image: p.image,
            args: [
              '--cert-dir=/tmp',
              `--secure-port=${PORT}`,
              '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
              '--kubelet-use-node-status-port',
              '--metric-resolution=15s',
              ...(p.kubeletInsecureTls ? ['--kubelet-insecure-tls'] : []),
            ],
            ports: [{ name: 'https', containerPort: PORT }],
            readinessProbe: {
              ...httpProbe('/readyz', 'https'),
              httpGet: { path: '/readyz', port: k8s.IntOrString.fromString('https'), scheme: 'HTTPS' },
            },
            livenessProbe: {
              ...httpProbe('/livez', 'https'),
              httpGet: { path: '/livez', port: k8s.IntOrString.fromString('https'), scheme: 'HTTPS' },
            },
            resources: containerResources(NAME, p.resources),
            securityContext: restrictedKubeContext(RUN_AS),
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          },
        ],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
    });
    new k8s.KubeApiService(this, 'api-service', {
      metadata: { name: 'v1beta1.metrics.k8s.io', labels },
      spec: {
        service: { name: NAME, namespace: p.namespace },
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        insecureSkipTlsVerify: true,
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    });
  }
}
