import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import type { ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { apiGroup, isClusterScoped } from '../lib/argocd/chart-footprint.js';
import { imageName, type AppConfig } from '../lib/config/config.js';
import { overridesOnly } from '../lib/config/overrides.js';
import { Alertmanager, alertmanagerTargets } from '../lib/monitoring/alertmanager.js';
import type { LmsMonitoring } from '../lib/monitoring/component-monitoring.js';
import { lmsDashboards } from '../lib/monitoring/dashboards/index.js';
import { Grafana } from '../lib/monitoring/grafana.js';
import { KUBE_STATE_METRICS_JOB, KubeStateMetrics } from '../lib/monitoring/kube-state-metrics.js';
import { LogCollector } from '../lib/monitoring/log-collector.js';
import { Loki } from '../lib/monitoring/loki.js';
import { MetricsServer } from '../lib/monitoring/metrics-server.js';
import { MonitoringNamespaces } from '../lib/monitoring/namespaces.js';
import { MonitoringNetworkPolicies } from '../lib/monitoring/network-policies.js';
import { NODE_EXPORTER_JOB, NodeExporter } from '../lib/monitoring/node-exporter.js';
import { Prometheus } from '../lib/monitoring/prometheus.js';
import { scrapeRules } from '../lib/monitoring/rules/prometheus.js';
import { watchdogRules } from '../lib/monitoring/rules/watchdog.js';

export interface MonitoringChartProps extends ChartProps {
  readonly config: AppConfig;
  /** The monitoring of the `lms` chart's components (its `monitoring`): scrape targets, rules and dashboards. */
  readonly components: LmsMonitoring;
}

/** Bill of materials of the monitoring stack for the LMS: what runs where, and what it watches. */
export class MonitoringChart extends Chart {
  readonly prometheus: Prometheus;
  readonly alertmanager: Alertmanager;
  readonly grafana: Grafana;
  readonly loki: Loki;
  readonly logCollector: LogCollector;

  constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    super(scope, id, { ...props, namespace: props.config.namespaces.monitoring });
    const { namespaces, monitoring: settings } = props.config;
    const ns = new MonitoringNamespaces(this, 'namespaces', {
      monitoring: namespaces.monitoring,
      agents: namespaces.monitoringAgents,
    });
    const { components } = props;
    const workloads = [components.api, components.database, components.notices];

    const nodeExporter = new NodeExporter(this, 'node-exporter', {
      namespace: ns.agents,
      mountRootFilesystem: settings.nodeExporterRootFilesystem,
    });
    const kubeStateMetrics = new KubeStateMetrics(this, 'kube-state-metrics', { namespace: ns.monitoring });
    this.prometheus = new Prometheus(this, 'prometheus', {
      namespace: ns.monitoring,
      ...overridesOnly({ retention: settings.prometheusRetention, storageSize: settings.prometheusStorageSize }),
      storageClassName: settings.storageClass,
      podTargets: [
        nodeExporter.podTarget,
        kubeStateMetrics.podTarget,
        ...workloads.flatMap((workload) => (workload.scrapeTarget ? [workload.scrapeTarget] : [])),
      ],
      alertmanagers: alertmanagerTargets({ namespace: ns.monitoring }),
      ruleGroups: [
        ...workloads.flatMap((workload) => workload.ruleGroups),
        ...nodeExporter.ruleGroups,
        ...kubeStateMetrics.ruleGroups,
        scrapeRules(),
        watchdogRules(),
      ],
    });
    this.alertmanager = new Alertmanager(this, 'alertmanager', {
      namespace: ns.monitoring,
      clients: [{ namespace: ns.monitoring, podSelector: this.prometheus.selectorLabels }],
    });
    this.loki = new Loki(this, 'loki', {
      namespace: ns.monitoring,
      ...overridesOnly({ retention: settings.lokiRetention, storageSize: settings.lokiStorageSize }),
      storageClassName: settings.storageClass,
    });
    this.logCollector = new LogCollector(this, 'log-collector', {
      implementation: settings.logCollector,
      namespace: ns.agents,
      lokiUrl: this.loki.url,
    });
    this.grafana = new Grafana(this, 'grafana', {
      namespace: ns.monitoring,
      prometheusUrl: this.prometheus.url,
      lokiUrl: this.loki.url,
      secretGeneratorImage: imageName(props.config.lms.secrets.generatorImage),
      dashboards: lmsDashboards({
        components,
        cluster: { nodeExporter: NODE_EXPORTER_JOB, kubeStateMetrics: KUBE_STATE_METRICS_JOB, kubelet: 'kubelet' },
      }),
    });
    if (settings.metricsServer) new MetricsServer(this, 'metrics-server');

    const grafanaPods = { namespace: ns.monitoring, podSelector: this.grafana.selectorLabels };
    const prometheusPods = { namespace: ns.monitoring, podSelector: this.prometheus.selectorLabels };
    new MonitoringNetworkPolicies(this, 'network-policies', {
      denyIngressIn: [ns.monitoring, ns.agents],
      rules: [
        {
          name: 'grafana',
          namespace: ns.monitoring,
          podSelector: this.grafana.selectorLabels,
          ports: [this.grafana.port],
        },
        {
          name: 'prometheus',
          namespace: ns.monitoring,
          podSelector: this.prometheus.selectorLabels,
          ports: [this.prometheus.port],
          from: [grafanaPods, prometheusPods],
        },
        {
          name: 'loki',
          namespace: ns.monitoring,
          podSelector: this.loki.selectorLabels,
          ports: [this.loki.port],
          from: [grafanaPods, prometheusPods, { namespace: ns.agents, podSelector: {} }],
        },
        {
          name: 'kube-state-metrics',
          namespace: ns.monitoring,
          podSelector: kubeStateMetrics.selectorLabels,
          ports: [kubeStateMetrics.port],
          from: [prometheusPods],
        },
      ],
    });

    // The chart's default namespace would also land on cluster-scoped objects (Namespaces, ClusterRoles).
    for (const node of this.node.findAll()) {
      if (node instanceof ApiObject && isClusterScoped({ group: apiGroup(node.apiVersion), kind: node.kind })) {
        node.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      }
    }
  }
}
