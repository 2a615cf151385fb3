import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { podSecurityLabels } from '../platform/pod-security.js';
import { SyncWave, syncWave } from '../platform/sync-order.js';

export interface MonitoringNamespacesProps {
  /** Namespace of Prometheus, Grafana, Loki and kube-state-metrics, Pod Security `restricted`. @default 'monitoring' */
  readonly monitoring?: string;
  /** Namespace of the host-level agents (node-exporter, log collector), Pod Security `privileged`. @default 'monitoring-agents' */
  readonly agents?: string;
  /** @default 'v1.28' */
  readonly podSecurityVersion?: string;
}

export const MONITORING_NAMESPACES_DEFAULTS = {
  monitoring: 'monitoring',
  agents: 'monitoring-agents',
  podSecurityVersion: 'v1.28',
} as const satisfies MonitoringNamespacesProps;

/** The two monitoring namespaces: only what needs host access runs where Pod Security allows it. */
export class MonitoringNamespaces extends Construct {
  readonly monitoring: string;
  readonly agents: string;

  constructor(scope: Construct, id: string, props: MonitoringNamespacesProps = {}) {
    super(scope, id);
    const p = { ...MONITORING_NAMESPACES_DEFAULTS, ...props };
    this.monitoring = p.monitoring;
    this.agents = p.agents;
    if (this.monitoring === this.agents) {
      throw new Error(`'monitoring' and 'agents' must be different namespaces, or the restricted profile cannot hold.`);
    }
    const version = p.podSecurityVersion;
    for (const [name, level] of [
      [this.monitoring, 'restricted'],
      [this.agents, 'privileged'],
    ] as const) {
      new k8s.KubeNamespace(this, name, {
        metadata: {
          name,
          labels: { ...podSecurityLabels(level, version), 'app.kubernetes.io/part-of': 'monitoring' },
          // Before the generator's ServiceAccount and RBAC, which share the foundation wave.
          annotations: syncWave(SyncWave.foundation),
        },
      });
    }
  }
}
