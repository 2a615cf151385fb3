import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { httpService, serviceAccountWithClusterRole, singleReplicaDeployment } from './objects.js';
import { toYaml } from './yaml.js';
import { monitoringLabels } from './labels.js';
import { restrictedKubeContext } from '../platform/security.js';
import { quantityToMiB } from '../platform/resources.js';
import type { ContainerResources } from '../config/config.js';
import {
  alertingConfig,
  annotatedPodsJob,
  kubeletJobs,
  podJob,
  selfJob,
  type PodScrapeTarget,
  type PrometheusConfig,
  type ScrapeConfig,
} from './prometheus-config.js';
import type { RuleFile, RuleGroup } from './rules/types.js';
import { withRunbooks } from './rules/runbooks.js';
import { checksum, httpProbe, podSecurityContext, containerResources } from './workload.js';
import { prometheusDuration } from './duration.js';

export interface PrometheusProps {
  /** @default 'monitoring' */
  readonly namespace?: string;
  /** @default 'prom/prometheus:v3.13.2' */
  readonly image?: string;
  /** How often targets are scraped and rules evaluated. @default '15s' */
  readonly scrapeInterval?: string;
  /** How long samples are kept. @default '15d' */
  readonly retention?: string;
  /** Size of the persistent volume. @default '10Gi' */
  readonly storageSize?: string;
  /**
   * Cap on the TSDB (blocks, WAL and head chunks), in Prometheus' binary units (`8GB` is 8 GiB). It must leave
   * 15 % of the volume free for the WAL between truncations and the temporary blocks of a compaction.
   * @default 85 % of `storageSize`, in whole GB
   */
  readonly retentionSize?: string;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** Workloads scraped by a job of their own (left out of the annotation-driven `kubernetes-pods` job). @default [] */
  readonly podTargets?: readonly PodScrapeTarget[];
  /**
   * Alerting and recording rule groups, one rule file each. Every alert needs a routed `severity`, a summary and
   * a description; one without `runbook_url` gets the section of docs/runbooks.md named after it. @default []
   */
  readonly ruleGroups?: readonly RuleGroup[];
  /** `host:port` of every Alertmanager pod alerts are sent to. @default [] (alerts stay in Prometheus) */
  readonly alertmanagers?: readonly string[];
  /**
   * Skip verification of kubelet serving certificates, which are self-signed unless the cluster enables
   * serving-certificate bootstrap. @default true
   */
  readonly kubeletInsecureSkipVerify?: boolean;
  /** @default 200m/512Mi requested, 1 CPU/1Gi limit */
  readonly resources?: ContainerResources;
}

export const PROMETHEUS_DEFAULTS = {
  namespace: 'monitoring',
  // The 3.13 LTS line: 3.5 LTS ended on 2026-07-31 (prometheus/docs#3097); v3.13.2 is its newest patch in the
  // stored material (fabio-garavini/hassio-addons#872, 2026-08-19: v3.13.2 → v3.14.0).
  image: 'prom/prometheus:v3.13.2',
  scrapeInterval: '15s',
  retention: '15d',
  storageSize: '10Gi',
  kubeletInsecureSkipVerify: true,
  resources: { cpuRequest: '200m', memoryRequest: '512Mi', cpuLimit: '1', memoryLimit: '1Gi' },
  podTargets: [],
  ruleGroups: [],
} as const satisfies PrometheusProps;

const RUN_AS = { user: 65534, group: 65534 };
/** Share of the volume the TSDB may fill; the rest is headroom for the WAL and compaction. */
const TSDB_SHARE = 0.85;
const PROMETHEUS_UNITS_MIB = { MB: 1, GB: 1024, TB: 1024 * 1024 } as const;

/** The `--storage.tsdb.retention.size` value: the given cap after checking it fits, or 85 % of the volume. */
export function tsdbRetentionSize(storageSize: string, retentionSize?: string): string {
  const volumeMiB = quantityToMiB(storageSize);
  const maxGB = Math.floor((volumeMiB / 1024) * TSDB_SHARE);
  if (retentionSize === undefined) {
    if (maxGB < 1) {
      throw new Error(`'storageSize' must be at least 2Gi so the TSDB cap stays at 1GB or more, got '${storageSize}'.`);
    }
    return `${maxGB}GB`;
  }
  const match = /^(\d+)(MB|GB|TB)$/.exec(retentionSize);
  if (!match) {
    throw new Error(`'retentionSize' must be a size like '8GB' (MB, GB or TB, binary units), got '${retentionSize}'.`);
  }
  const sizeMiB = Number(match[1]) * PROMETHEUS_UNITS_MIB[match[2] as keyof typeof PROMETHEUS_UNITS_MIB];
  if (sizeMiB > volumeMiB * TSDB_SHARE) {
    throw new Error(
      `'retentionSize' ${retentionSize} does not fit the ${storageSize} volume with room for the WAL and ` +
        `compaction: keep it at or below ${maxGB}GB (85 %), or raise 'storageSize'.`,
    );
  }
  return retentionSize;
}
const NAME = 'prometheus';
const PORT = 9090;
const CONFIG_DIR = '/etc/prometheus/config';
const RULES_DIR = '/etc/prometheus/rules';
const DATA_DIR = '/prometheus';

/** Plain Prometheus (no operator): Kubernetes service discovery, rules from ConfigMaps, a persistent TSDB. */
export class Prometheus extends Construct {
  readonly namespace: string;
  readonly config: PrometheusConfig;
  /** Rule files by file name, as mounted under /etc/prometheus/rules. */
  readonly ruleFiles: Readonly<Record<string, RuleFile>>;
  readonly selectorLabels: Record<string, string>;
  readonly port = PORT;
  readonly url: string;

  constructor(scope: Construct, id: string, props: PrometheusProps = {}) {
    super(scope, id);
    const p = { ...PROMETHEUS_DEFAULTS, ...props };
    prometheusDuration("'scrapeInterval'", p.scrapeInterval, '15s');
    prometheusDuration("'retention'", p.retention, '15d');
    const retentionSize = tsdbRetentionSize(p.storageSize, p.retentionSize);
    const jobNames = new Set<string>();
    for (const target of p.podTargets) {
      if (jobNames.has(target.jobName)) throw new Error(`Pod target job '${target.jobName}' is declared twice.`);
      jobNames.add(target.jobName);
    }

    this.namespace = p.namespace;
    const { labels, selector } = monitoringLabels(NAME, 'metrics', p.image);
    this.selectorLabels = selector;
    this.url = `http://${NAME}.${p.namespace}.svc:${PORT}`;
    const metadata = { name: NAME, namespace: p.namespace, labels };

    const scrapeConfigs: ScrapeConfig[] = [
      selfJob(PORT),
      annotatedPodsJob(p.podTargets),
      ...kubeletJobs({ insecureSkipVerify: p.kubeletInsecureSkipVerify }),
      ...p.podTargets.map(podJob),
    ];
    this.config = {
      global: { scrape_interval: p.scrapeInterval, evaluation_interval: p.scrapeInterval },
      ...(p.alertmanagers?.length ? { alerting: alertingConfig(p.alertmanagers) } : {}),
      rule_files: [`${RULES_DIR}/*.yml`],
      scrape_configs: scrapeConfigs,
    };
    this.ruleFiles = Object.fromEntries(
      p.ruleGroups.map((group) => [`${group.name}.yml`, { groups: [withRunbooks(group)] }]),
    );

    serviceAccountWithClusterRole(this, metadata, [
      {
        apiGroups: [''],
        resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
    ]);

    const configData = { 'prometheus.yml': toYaml(this.config) };
    const rulesData = Object.fromEntries(Object.entries(this.ruleFiles).map(([file, rules]) => [file, toYaml(rules)]));
    new k8s.KubeConfigMap(this, 'config', { metadata: { ...metadata, name: `${NAME}-config` }, data: configData });
    new k8s.KubeConfigMap(this, 'rules', { metadata: { ...metadata, name: `${NAME}-rules` }, data: rulesData });
    new k8s.KubePersistentVolumeClaim(this, 'data', {
      metadata: { ...metadata, name: `${NAME}-data` },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: p.storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(p.storageSize) } },
      },
    });

    singleReplicaDeployment(this, metadata, {
      selector,
      // One writer per TSDB: the old pod must release the volume before the new one starts.
      recreate: true,
      podAnnotations: { 'checksum/config': checksum(configData, rulesData) },
      pod: {
        securityContext: podSecurityContext(65534),
        containers: [
          {
            name: NAME,
            image: p.image,
            args: [
              `--config.file=${CONFIG_DIR}/prometheus.yml`,
              `--storage.tsdb.path=${DATA_DIR}`,
              `--storage.tsdb.retention.time=${p.retention}`,
              `--storage.tsdb.retention.size=${retentionSize}`,
              `--web.listen-address=:${PORT}`,
            ],
            ports: [{ name: 'http', containerPort: PORT }],
            readinessProbe: httpProbe('/-/ready', 'http', 5),
            livenessProbe: { ...httpProbe('/-/healthy', 'http', 15), initialDelaySeconds: 30, failureThreshold: 6 },
            resources: containerResources(NAME, p.resources),
            securityContext: restrictedKubeContext(RUN_AS),
            volumeMounts: [
              { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
              { name: 'rules', mountPath: RULES_DIR, readOnly: true },
              { name: 'data', mountPath: DATA_DIR },
            ],
          },
        ],
        volumes: [
          { name: 'config', configMap: { name: `${NAME}-config` } },
          { name: 'rules', configMap: { name: `${NAME}-rules` } },
          { name: 'data', persistentVolumeClaim: { claimName: `${NAME}-data` } },
        ],
      },
    });

    httpService(this, metadata, selector, PORT);
  }
}
