import type { AlloyBlock } from './alloy-syntax.js';
import { call, concat, ref } from './alloy-syntax.js';
import type { RelabelConfig } from './prometheus-config.js';
import { podLabelMeta } from './prometheus-config.js';

/**
 * The log collector's behaviour, shared by both implementations: tail every container log of this node
 * under /var/log/pods, parse the CRI format, lift `level` from JSON lines, label each stream with
 * namespace, pod, container, app and node.
 */
export interface CollectorSettings {
  /** Loki's push endpoint. */
  readonly pushUrl: string;
  /** Where the read offsets are kept (a hostPath, so a restart does not resend logs). */
  readonly positionsDir: string;
  readonly httpPort: number;
}

/** The stream labels and how each is derived from Kubernetes pod discovery. */
export const STREAM_LABELS: Readonly<Record<string, string>> = {
  namespace: '__meta_kubernetes_namespace',
  pod: '__meta_kubernetes_pod_name',
  container: '__meta_kubernetes_pod_container_name',
  app: podLabelMeta('app.kubernetes.io/name'),
  node: '__meta_kubernetes_pod_node_name',
};

/** The label lifted from JSON log lines (the API writes `"level":"info"`). */
export const JSON_LEVEL_FIELD = 'level';

const POD_LOG_GLOB: RelabelConfig = {
  source_labels: ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name'],
  separator: '/',
  target_label: '__path__',
  replacement: '/var/log/pods/*$1/*.log',
};

function relabelRules(): RelabelConfig[] {
  return [
    ...Object.entries(STREAM_LABELS).map(([label, source]) => ({ source_labels: [source], target_label: label })),
    POD_LOG_GLOB,
  ];
}

// ---- Promtail ---------------------------------------------------------------------------------------------

export interface PromtailConfig {
  readonly server: { readonly http_listen_port: number; readonly grpc_listen_port: number; readonly log_level: string };
  readonly positions: { readonly filename: string };
  readonly clients: readonly { readonly url: string }[];
  readonly scrape_configs: readonly {
    readonly job_name: string;
    readonly kubernetes_sd_configs: readonly { readonly role: 'pod' }[];
    readonly pipeline_stages: readonly Record<string, unknown>[];
    readonly relabel_configs: readonly RelabelConfig[];
  }[];
}

export function promtailConfig(s: CollectorSettings): PromtailConfig {
  return {
    server: { http_listen_port: s.httpPort, grpc_listen_port: 0, log_level: 'info' },
    positions: { filename: `${s.positionsDir}/positions.yaml` },
    clients: [{ url: s.pushUrl }],
    scrape_configs: [
      {
        job_name: 'kubernetes-pods',
        kubernetes_sd_configs: [{ role: 'pod' }],
        pipeline_stages: [
          { cri: {} },
          { json: { expressions: { [JSON_LEVEL_FIELD]: JSON_LEVEL_FIELD } } },
          { labels: { [JSON_LEVEL_FIELD]: JSON_LEVEL_FIELD } },
        ],
        relabel_configs: [
          // Promtail tails only targets whose __host__ equals its HOSTNAME: the pods of its own node.
          { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: '__host__' },
          ...relabelRules(),
        ],
      },
    ],
  };
}

// ---- Grafana Alloy ----------------------------------------------------------------------------------------

export function alloyConfig(s: CollectorSettings): AlloyBlock[] {
  return [
    {
      name: 'discovery.kubernetes',
      label: 'pods',
      attributes: { role: 'pod' },
      // Ask the API server only for this node's pods.
      blocks: [
        {
          name: 'selectors',
          attributes: { role: 'pod', field: concat('spec.nodeName=', call('sys.env', 'HOSTNAME')) },
        },
      ],
    },
    {
      name: 'discovery.relabel',
      label: 'pods',
      attributes: { targets: ref('discovery.kubernetes.pods.targets') },
      blocks: relabelRules().map((rule) => ({
        name: 'rule',
        attributes: Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined)),
      })),
    },
    { name: 'local.file_match', label: 'pods', attributes: { path_targets: ref('discovery.relabel.pods.output') } },
    {
      name: 'loki.source.file',
      label: 'pods',
      attributes: { targets: ref('local.file_match.pods.targets'), forward_to: [ref('loki.process.pods.receiver')] },
    },
    {
      name: 'loki.process',
      label: 'pods',
      attributes: { forward_to: [ref('loki.write.default.receiver')] },
      blocks: [
        { name: 'stage.cri' },
        { name: 'stage.json', attributes: { expressions: { [JSON_LEVEL_FIELD]: JSON_LEVEL_FIELD } } },
        { name: 'stage.labels', attributes: { values: { [JSON_LEVEL_FIELD]: JSON_LEVEL_FIELD } } },
      ],
    },
    { name: 'loki.write', label: 'default', blocks: [{ name: 'endpoint', attributes: { url: s.pushUrl } }] },
  ];
}
