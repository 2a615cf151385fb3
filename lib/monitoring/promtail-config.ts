import { JSON_LEVEL_FIELD, relabelRules, type CollectorSettings } from './collector-config.js';
import type { RelabelConfig } from './prometheus-config.js';

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

/** Promtail's configuration file for the collector's behaviour. */
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
