import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { httpService, serviceAccountWithClusterRole, singleReplicaDeployment } from './objects.js';
import { toYaml } from './yaml.js';
import { monitoringLabels } from './labels.js';
import { restrictedKubeContext } from '../platform/security.js';
import { quantityToMiB } from '../platform/resources.js';
import type { ContainerResources } from '../config/config.js';
import {
  annotatedPodsJob,
  kubeletJobs,
  podJob,
  selfJob,
  type PodScrapeTarget,
  type PrometheusConfig,
  type ScrapeConfig,
} from './prometheus-config.js';
import type { RuleFile, RuleGroup } from './rules/types.js';
import { checksum, httpProbe, podSecurityContext, containerResources } from './workload.js';
import { prometheusDuration } from './duration.js';

export interface PrometheusProps {
  /** @default 'monitoring' */
  readonly namespace?: string;
  /** @default 'prom/prometheus:v3.5.0' */
  readonly image?: string;
  /** How often targets are scraped and rules evaluated. @default '15s' */
  readonly scrapeInterval?: string;
  /** How long samples are kept. @default '15d' */
  readonly retention?: string;
  /** Size of the persistent volume; the TSDB is capped at 85% of it so the volume never fills. @default '10Gi' */
  readonly storageSize?: string;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** Workloads scraped by a job of their own (left out of the annotation-driven `kubernetes-pods` job). @default [] */
  readonly podTargets?: readonly PodScrapeTarget[];
  /** Alerting and recording rule groups, one rule file each. @default [] */
  readonly ruleGroups?: readonly RuleGroup[];
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
  image: 'prom/prometheus:v3.5.0',
  scrapeInterval: '15s',
  retention: '15d',
  storageSize: '10Gi',
  kubeletInsecureSkipVerify: true,
  resources: { cpuRequest: '200m', memoryRequest: '512Mi', cpuLimit: '1', memoryLimit: '1Gi' },
  podTargets: [],
  ruleGroups: [],
} as const satisfies PrometheusProps;

const RUN_AS = { user: 65534, group: 65534 };
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
    const retentionSizeGiB = Math.floor((quantityToMiB(p.storageSize) / 1024) * 0.85);
    if (retentionSizeGiB < 1) {
      throw new Error(
        `'storageSize' must be at least 2Gi so the TSDB cap stays at 1GB or more, got '${p.storageSize}'.`,
      );
    }
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
      rule_files: [`${RULES_DIR}/*.yml`],
      scrape_configs: scrapeConfigs,
    };
    this.ruleFiles = Object.fromEntries(p.ruleGroups.map((group) => [`${group.name}.yml`, { groups: [group] }]));

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
              `--storage.tsdb.retention.size=${retentionSizeGiB}GB`,
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
