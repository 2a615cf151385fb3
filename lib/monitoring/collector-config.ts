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

/** Relabelling that turns a discovered pod into labelled log streams of its containers. */
export function relabelRules(): RelabelConfig[] {
  return [
    ...Object.entries(STREAM_LABELS).map(([label, source]) => ({ source_labels: [source], target_label: label })),
    POD_LOG_GLOB,
  ];
}
