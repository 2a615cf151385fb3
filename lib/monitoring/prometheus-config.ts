/**
 * A typed subset of the Prometheus configuration file and the scrape jobs this stack uses.
 * Field names are Prometheus' own, so the objects serialize to `prometheus.yml` unchanged.
 */

export interface RelabelConfig {
  readonly source_labels?: readonly string[];
  readonly separator?: string;
  readonly regex?: string;
  readonly target_label?: string;
  readonly replacement?: string;
  readonly action?: 'replace' | 'keep' | 'drop' | 'labelmap' | 'labeldrop' | 'labelkeep';
}

export interface KubernetesSdConfig {
  readonly role: 'pod' | 'node' | 'endpoints' | 'endpointslice' | 'service';
  readonly namespaces?: { readonly names: readonly string[] };
}

export interface StaticConfig {
  readonly targets: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ScrapeConfig {
  readonly job_name: string;
  readonly honor_labels?: boolean;
  readonly metrics_path?: string;
  readonly scheme?: 'http' | 'https';
  readonly scrape_interval?: string;
  readonly authorization?: { readonly credentials_file: string };
  readonly tls_config?: { readonly ca_file?: string; readonly insecure_skip_verify?: boolean };
  readonly kubernetes_sd_configs?: readonly KubernetesSdConfig[];
  readonly static_configs?: readonly StaticConfig[];
  readonly relabel_configs?: readonly RelabelConfig[];
  readonly metric_relabel_configs?: readonly RelabelConfig[];
}

/** Where alerts are sent: every Alertmanager pod directly, since the pods deduplicate among themselves. */
export interface AlertingConfig {
  readonly alertmanagers: readonly {
    readonly api_version: 'v2';
    readonly static_configs: readonly StaticConfig[];
  }[];
}

export interface PrometheusConfig {
  readonly global: { readonly scrape_interval: string; readonly evaluation_interval: string };
  readonly alerting?: AlertingConfig;
  readonly rule_files: readonly string[];
  readonly scrape_configs: readonly ScrapeConfig[];
}

/** The `alerting` block for Alertmanager pods at `host:port` addresses. */
export function alertingConfig(targets: readonly string[]): AlertingConfig {
  return { alertmanagers: [{ api_version: 'v2', static_configs: [{ targets }] }] };
}

/** A set of pods scraped by a job of its own, with a stable job name dashboards and alerts can rely on. */
export interface PodScrapeTarget {
  /** The `job` label of every series. */
  readonly jobName: string;
  /** The namespace of the pods. */
  readonly namespace: string;
  /** Pod labels that select the pods (all must match). */
  readonly matchLabels: Readonly<Record<string, string>>;
  /** The name of the container port that serves metrics. */
  readonly portName: string;
  /** Keep the labels the target exposes (kube-state-metrics' `namespace` and `pod` are about other pods). */
  readonly honorLabels?: boolean;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** `app.kubernetes.io/name` → `__meta_kubernetes_pod_label_app_kubernetes_io_name`. */
export function podLabelMeta(label: string): string {
  return `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** The labels every pod-based job attaches: where the series comes from, in Kubernetes terms. */
function podIdentityRelabels(): RelabelConfig[] {
  return [
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
    { source_labels: [podLabelMeta('app.kubernetes.io/name')], target_label: 'app' },
  ];
}

const finishedPods: RelabelConfig = {
  source_labels: ['__meta_kubernetes_pod_phase'],
  regex: 'Succeeded|Failed',
  action: 'drop',
};

function matchLabelsRelabels(target: PodScrapeTarget, action: 'keep' | 'drop'): RelabelConfig {
  const labels = Object.keys(target.matchLabels).sort();
  return {
    source_labels: ['__meta_kubernetes_namespace', ...labels.map(podLabelMeta)],
    separator: ';',
    regex: [target.namespace, ...labels.map((label) => escapeRegex(target.matchLabels[label]))].join(';'),
    action,
  };
}

export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Prometheus scraping itself. */
export function selfJob(port: number): ScrapeConfig {
  return { job_name: 'prometheus', static_configs: [{ targets: [`localhost:${port}`] }] };
}

/** The job that scrapes every pod annotated `prometheus.io/scrape` (the API among them). */
export const ANNOTATED_PODS_JOB = 'kubernetes-pods';

/**
 * Every pod annotated `prometheus.io/scrape: "true"`, on the annotated port and path. Pods that have a
 * dedicated job are left out so no series is scraped twice.
 */
export function annotatedPodsJob(dedicated: readonly PodScrapeTarget[]): ScrapeConfig {
  return {
    job_name: ANNOTATED_PODS_JOB,
    honor_labels: true,
    kubernetes_sd_configs: [{ role: 'pod' }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' },
      finishedPods,
      ...dedicated.map((target) => matchLabelsRelabels(target, 'drop')),
      {
        source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scheme'],
        regex: '(https?)',
        target_label: '__scheme__',
      },
      {
        source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'],
        regex: '(.+)',
        target_label: '__metrics_path__',
      },
      // The pod IP joined with the annotated port; IPv6 addresses need brackets.
      {
        source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'],
        regex: '(\\d+);(([A-Fa-f0-9]{1,4}::?){1,7}[A-Fa-f0-9]{1,4})',
        replacement: '[$2]:$1',
        target_label: '__address__',
      },
      {
        source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'],
        regex: '(\\d+);((([0-9]+?)(\\.|$)){4})',
        replacement: '$2:$1',
        target_label: '__address__',
      },
      ...podIdentityRelabels(),
    ],
  };
}

/** The pods of one workload, selected by labels and a named container port. */
export function podJob(target: PodScrapeTarget): ScrapeConfig {
  return {
    job_name: target.jobName,
    ...(target.honorLabels ? { honor_labels: true } : {}),
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [target.namespace] } }],
    relabel_configs: [
      matchLabelsRelabels(target, 'keep'),
      {
        source_labels: ['__meta_kubernetes_pod_container_port_name'],
        regex: escapeRegex(target.portName),
        action: 'keep',
      },
      finishedPods,
      ...podIdentityRelabels(),
    ],
  };
}

/** cAdvisor series with many label values and no panel or alert that reads them. */
export const CADVISOR_DROPPED_METRICS = [
  'container_cpu_load_average_10s',
  'container_memory_failures_total',
  'container_tasks_state',
  'container_network_tcp_usage_total',
  'container_network_udp_usage_total',
  'container_blkio_device_usage_total',
  'container_fs_.*',
  'container_spec_.*',
  'container_last_seen',
];

/**
 * The kubelet on every node, reached directly over HTTPS with the service-account token (the `nodes/metrics`
 * permission; no `nodes/proxy`). Both endpoints report as `job="kubelet"`, told apart by `metrics_path`.
 */
export function kubeletJobs(options: { readonly insecureSkipVerify: boolean }): ScrapeConfig[] {
  const endpoint = (path: string, jobName: string, drops: readonly string[]): ScrapeConfig => ({
    job_name: jobName,
    scheme: 'https',
    metrics_path: path,
    authorization: { credentials_file: `${SERVICE_ACCOUNT_DIR}/token` },
    tls_config: { ca_file: `${SERVICE_ACCOUNT_DIR}/ca.crt`, insecure_skip_verify: options.insecureSkipVerify },
    kubernetes_sd_configs: [{ role: 'node' }],
    relabel_configs: [
      { target_label: 'job', replacement: 'kubelet' },
      { source_labels: ['__metrics_path__'], target_label: 'metrics_path' },
      { source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' },
    ],
    metric_relabel_configs:
      drops.length > 0 ? [{ source_labels: ['__name__'], regex: `(${drops.join('|')})`, action: 'drop' }] : [],
  });
  return [
    endpoint('/metrics/cadvisor', 'kubelet-cadvisor', CADVISOR_DROPPED_METRICS),
    // The kubelet's own endpoint carries kubelet_volume_stats_*, the persistent volume usage.
    { ...endpoint('/metrics', 'kubelet', []), metric_relabel_configs: [kubeletKeepList] },
  ];
}

const kubeletKeepList: RelabelConfig = {
  source_labels: ['__name__'],
  regex: '(kubelet_volume_stats_.*|kubelet_running_pods)',
  action: 'keep',
};
