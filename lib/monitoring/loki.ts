import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { httpService } from './objects.js';
import { toYaml } from './yaml.js';
import { monitoringLabels } from './labels.js';
import { restrictedKubeContext } from '../platform/security.js';
import type { ContainerResources } from '../config/config.js';
import { lokiConfig, type LokiConfig } from './loki-config.js';
import { checksum, scrapeAnnotations, httpProbe, podSecurityContext, containerResources } from './workload.js';

export interface LokiProps {
  /** @default 'monitoring' */
  readonly namespace?: string;
  /** @default 'grafana/loki:3.7.8' */
  readonly image?: string;
  /** How long log lines are kept before the compactor deletes them, in hours (Loki's unit). @default '168h' (7 days) */
  readonly retention?: string;
  /** @default '10Gi' */
  readonly storageSize?: string;
  /** @default the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** The first day of the v13 schema; never change it once logs are stored. @default '2025-01-01' */
  readonly schemaFrom?: string;
  /** @default 150m/320Mi requested, 1 CPU/1Gi limit */
  readonly resources?: ContainerResources;
}

export const LOKI_DEFAULTS = {
  namespace: 'monitoring',
  // Newest 3.7 patch in the stored material: grafana/loki#24587, "Loki 3.7.8 Release Notes", 2026-09-17.
  image: 'grafana/loki:3.7.8',
  retention: '168h',
  storageSize: '10Gi',
  schemaFrom: '2025-01-01',
  resources: { cpuRequest: '150m', memoryRequest: '320Mi', cpuLimit: '1', memoryLimit: '1Gi' },
} as const;

const RUN_AS = { user: 10001, group: 10001 };
const NAME = 'loki';
const PORT = 3100;
const DATA_DIR = '/var/loki';
const UID = 10001;

/** Loki as one binary in a StatefulSet: filesystem storage, tsdb v13 index, retention on. */
export class Loki extends Construct {
  readonly config: LokiConfig;
  readonly selectorLabels: Record<string, string>;
  readonly port = PORT;
  /** The base URL clients push to and Grafana queries. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: LokiProps = {}) {
    super(scope, id);
    const p = { ...LOKI_DEFAULTS, ...props };
    const hours = /^(\d+)h$/.exec(p.retention);
    if (!hours || Number(hours[1]) < 24 || Number(hours[1]) % 24 !== 0) {
      throw new Error(
        `'retention' must be whole days written in hours (e.g. '168h'), at least '24h'; got '${p.retention}'.`,
      );
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(p.schemaFrom)) throw new Error(`'schemaFrom' must be a date like '2025-01-01'.`);
    const { labels, selector } = monitoringLabels(NAME, 'logs', p.image);
    this.selectorLabels = selector;
    this.url = `http://${NAME}.${p.namespace}.svc:${PORT}`;
    this.config = lokiConfig({ dataDir: DATA_DIR, httpPort: PORT, retention: p.retention, schemaFrom: p.schemaFrom });
    const metadata = { name: NAME, namespace: p.namespace, labels };
    const configData = { 'loki.yaml': toYaml(this.config) };

    new k8s.KubeServiceAccount(this, 'service-account', { metadata, automountServiceAccountToken: false });
    new k8s.KubeConfigMap(this, 'config', { metadata: { ...metadata, name: `${NAME}-config` }, data: configData });
    httpService(this, metadata, selector, PORT);
    new k8s.KubeService(this, 'headless', {
      metadata: { ...metadata, name: `${NAME}-headless` },
      spec: { clusterIp: 'None', selector, ports: [{ name: 'http', port: PORT }] },
    });
    new k8s.KubeStatefulSet(this, 'stateful-set', {
      metadata,
      spec: {
        serviceName: `${NAME}-headless`,
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels, annotations: { 'checksum/config': checksum(configData), ...scrapeAnnotations(PORT) } },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(UID),
            terminationGracePeriodSeconds: 60,
            containers: [
              {
                name: NAME,
                image: p.image,
                args: ['-config.file=/etc/loki/loki.yaml', '-target=all'],
                ports: [
                  { name: 'http', containerPort: PORT },
                  { name: 'grpc', containerPort: 9095 },
                ],
                readinessProbe: { ...httpProbe('/ready', 'http'), initialDelaySeconds: 15 },
                livenessProbe: { ...httpProbe('/ready', 'http', 30), initialDelaySeconds: 60, failureThreshold: 5 },
                resources: containerResources(NAME, p.resources),
                securityContext: restrictedKubeContext(RUN_AS),
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/loki', readOnly: true },
                  { name: 'data', mountPath: DATA_DIR },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: `${NAME}-config` } },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: selector },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: p.storageClassName,
              resources: { requests: { storage: k8s.Quantity.fromString(p.storageSize) } },
            },
          },
        ],
      },
    });
  }
}
