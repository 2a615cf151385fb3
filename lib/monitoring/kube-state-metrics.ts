import { Construct } from 'constructs';
import { monitoringLabels } from './labels.js';
import { serviceAccountWithClusterRole, singleReplicaDeployment } from './objects.js';
import { restrictedKubeContext } from '../platform/security.js';
import type { ContainerResources } from '../config/config.js';
import type { PodScrapeTarget } from './prometheus-config.js';
import { kubernetesRules } from './rules/kubernetes.js';
import type { RuleGroup } from './rules/types.js';
import { httpProbe, podSecurityContext, containerResources } from './workload.js';

export interface KubeStateMetricsProps {
  /** @default 'monitoring' */
  readonly namespace?: string;
  /** @default 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0' */
  readonly image?: string;
  /** The resources whose state is exported; each needs list/watch RBAC. @default the ones the dashboards and alerts read */
  readonly resources?: readonly KsmResource[];
  /** The `job` label of the kubelet series the volume alert reads. @default 'kubelet' */
  readonly kubeletJob?: string;
  /** @default 50m/64Mi requested, 250m/192Mi limit */
  readonly containerResources?: ContainerResources;
}

/** An exported resource: its kube-state-metrics collector name and the API it is read from. */
export interface KsmResource {
  readonly collector: string;
  readonly apiGroup: string;
  readonly resource: string;
}

const KSM_RESOURCES: readonly KsmResource[] = [
  { collector: 'pods', apiGroup: '', resource: 'pods' },
  { collector: 'nodes', apiGroup: '', resource: 'nodes' },
  { collector: 'namespaces', apiGroup: '', resource: 'namespaces' },
  { collector: 'persistentvolumeclaims', apiGroup: '', resource: 'persistentvolumeclaims' },
  { collector: 'persistentvolumes', apiGroup: '', resource: 'persistentvolumes' },
  { collector: 'services', apiGroup: '', resource: 'services' },
  { collector: 'deployments', apiGroup: 'apps', resource: 'deployments' },
  { collector: 'statefulsets', apiGroup: 'apps', resource: 'statefulsets' },
  { collector: 'daemonsets', apiGroup: 'apps', resource: 'daemonsets' },
  { collector: 'replicasets', apiGroup: 'apps', resource: 'replicasets' },
  { collector: 'jobs', apiGroup: 'batch', resource: 'jobs' },
  { collector: 'horizontalpodautoscalers', apiGroup: 'autoscaling', resource: 'horizontalpodautoscalers' },
  { collector: 'poddisruptionbudgets', apiGroup: 'policy', resource: 'poddisruptionbudgets' },
];

export const KUBE_STATE_METRICS_DEFAULTS = {
  namespace: 'monitoring',
  // Newest release in the stored material: kubernetes/kube-state-metrics#3094, "Release v2.20.0", 2026-08-16.
  image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0',
  resources: KSM_RESOURCES,
  kubeletJob: 'kubelet',
  containerResources: { cpuRequest: '50m', memoryRequest: '64Mi', cpuLimit: '250m', memoryLimit: '192Mi' },
} as const;

const RUN_AS = { user: 65534, group: 65534 };
const NAME = 'kube-state-metrics';
export const KUBE_STATE_METRICS_JOB = 'kube-state-metrics';

/** kube-state-metrics: the state of HPAs, pods and volumes as series, read-only (list/watch) RBAC. */
export class KubeStateMetrics extends Construct {
  readonly podTarget: PodScrapeTarget;
  readonly ruleGroups: readonly RuleGroup[];
  readonly selectorLabels: Record<string, string>;
  readonly port = 8080;

  constructor(scope: Construct, id: string, props: KubeStateMetricsProps = {}) {
    super(scope, id);
    const p = { ...KUBE_STATE_METRICS_DEFAULTS, ...props };
    if (p.resources.length === 0) throw new Error(`'resources' must name at least one resource to export.`);
    const { labels, selector } = monitoringLabels(NAME, 'exporter', p.image);
    this.selectorLabels = selector;
    // Its series describe other pods, so their `namespace` and `pod` labels must win over the target's.
    this.podTarget = {
      jobName: KUBE_STATE_METRICS_JOB,
      namespace: p.namespace,
      matchLabels: selector,
      portName: 'http-metrics',
      honorLabels: true,
    };
    this.ruleGroups = [kubernetesRules({ kubeStateMetrics: KUBE_STATE_METRICS_JOB, kubelet: p.kubeletJob })];
    const metadata = { name: NAME, namespace: p.namespace, labels };

    const byGroup = new Map<string, string[]>();
    for (const r of p.resources) byGroup.set(r.apiGroup, [...(byGroup.get(r.apiGroup) ?? []), r.resource]);
    serviceAccountWithClusterRole(
      this,
      metadata,
      [...byGroup.entries()].map(([apiGroup, resources]) => ({
        apiGroups: [apiGroup],
        resources,
        verbs: ['list', 'watch'],
      })),
    );

    singleReplicaDeployment(this, metadata, {
      selector,
      pod: {
        securityContext: podSecurityContext(65534),
        containers: [
          {
            name: NAME,
            image: p.image,
            args: [
              `--port=${this.port}`,
              '--telemetry-port=8081',
              `--resources=${p.resources.map((r) => r.collector).join(',')}`,
            ],
            ports: [
              { name: 'http-metrics', containerPort: this.port },
              { name: 'telemetry', containerPort: 8081 },
            ],
            livenessProbe: httpProbe('/livez', 'http-metrics'),
            readinessProbe: httpProbe('/readyz', 'telemetry'),
            resources: containerResources(NAME, p.containerResources),
            securityContext: restrictedKubeContext(RUN_AS),
          },
        ],
      },
    });
  }
}
