import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { toYaml } from './yaml.js';
import { monitoringLabels } from './labels.js';
import { restrictedKubeContext } from '../platform/security.js';
import type { ContainerResources } from '../config/config.js';
import {
  alertmanagerConfig,
  secretKeys,
  type AlertmanagerConfig,
  type NotificationChannels,
  type NotificationTiming,
  type SecretKey,
} from './alertmanager-config.js';
import { checksum, containerResources, httpProbe, podSecurityContext, scrapeAnnotations } from './workload.js';

/** Pods allowed to reach the Alertmanager API (Prometheus sending alerts, Grafana reading them). */
export interface AlertmanagerClient {
  readonly namespace: string;
  readonly podSelector: Readonly<Record<string, string>>;
}

export interface AlertmanagerProps {
  /** @default 'monitoring' */
  readonly namespace?: string;
  /** @default ALERTMANAGER_DEFAULTS.image */
  readonly image?: string;
  /** Pods that gossip silences and notification state; 2 survive the loss of one. @default 2 */
  readonly replicas?: number;
  /** Where critical alerts go. @default a webhook to DEFAULT_WEBHOOK_URL */
  readonly page?: NotificationChannels;
  /** Where warnings and info alerts go. @default the same as `page` */
  readonly ticket?: NotificationChannels;
  /** A dead-man's switch that expects the always-firing Watchdog. @default - the Watchdog goes to the `null` receiver */
  readonly watchdog?: NotificationChannels;
  /** Labels that form one notification group. @default ['alertname', 'namespace', 'slo'] */
  readonly groupBy?: readonly string[];
  /** Labels (besides `alertname`) a critical and a warning share when the critical silences the warning. @default ['namespace', 'app', 'slo'] */
  readonly inhibitEqual?: readonly string[];
  /** @default 30s group wait, 5m group interval, pages repeated every 2h, tickets every 24h */
  readonly timing?: Partial<NotificationTiming>;
  /** Pods allowed to reach port 9093 besides the Alertmanager peers. @default [] */
  readonly clients?: readonly AlertmanagerClient[];
  /** @default 10m/32Mi requested, 100m/128Mi limit */
  readonly resources?: ContainerResources;
}

/** A placeholder receiver: point `page`/`ticket` at your incident tool before relying on notifications. */
export const DEFAULT_WEBHOOK_URL = 'http://alert-receiver.monitoring.svc:8080/alerts';

export const ALERTMANAGER_DEFAULTS = {
  namespace: 'monitoring',
  // Newest release in the stored material: tianon/dockerfiles#1365 "Update prometheus/alertmanager to 0.34.0"
  // (after v0.33.1 of 2026-07-04, prymitive/karma#6902).
  image: 'prom/alertmanager:v0.34.0',
  replicas: 2,
  page: { webhook: { url: DEFAULT_WEBHOOK_URL } },
  groupBy: ['alertname', 'namespace', 'slo'],
  inhibitEqual: ['namespace', 'app', 'slo'],
  timing: { groupWait: '30s', groupInterval: '5m', pageRepeatInterval: '2h', ticketRepeatInterval: '24h' },
  clients: [],
  resources: { cpuRequest: '10m', memoryRequest: '32Mi', cpuLimit: '100m', memoryLimit: '128Mi' },
} as const satisfies AlertmanagerProps;

const RUN_AS = { user: 65534, group: 65534 };
const NAME = 'alertmanager';
const HEADLESS = `${NAME}-headless`;
const PORT = 9093;
const CLUSTER_PORT = 9094;
const CONFIG_DIR = '/etc/alertmanager';
const SECRETS_DIR = '/etc/alertmanager/secrets';
const DATA_DIR = '/alertmanager';
const DURATION = /^\d+(ms|s|m|h|d|w|y)$/;

/** Where a Secret key is mounted in the Alertmanager pods. */
export function secretPath(secret: SecretKey): string {
  return `${SECRETS_DIR}/${secret.secretName}/${secret.key}`;
}

/** The DNS name of every Alertmanager pod, through the headless Service. */
function peerNames(namespace: string, replicas: number): string[] {
  return Array.from({ length: replicas }, (_, i) => `${NAME}-${i}.${HEADLESS}.${namespace}.svc`);
}

/** `host:port` of every Alertmanager pod, for Prometheus, which is built before the Alertmanager it sends to. */
export function alertmanagerTargets(
  options: { readonly namespace?: string; readonly replicas?: number } = {},
): string[] {
  const { namespace, replicas } = { ...ALERTMANAGER_DEFAULTS, ...options };
  return peerNames(namespace, replicas).map((peer) => `${peer}:${PORT}`);
}

/**
 * Alertmanager as a StatefulSet whose pods gossip over a headless Service, so silences and the record of sent
 * notifications survive the loss of one pod. Prometheus sends to every pod (`targets`); the pods deduplicate.
 */
export class Alertmanager extends Construct {
  readonly config: AlertmanagerConfig;
  /** `alertmanager.yml` as mounted. */
  readonly configText: string;
  readonly selectorLabels: Record<string, string>;
  readonly port = PORT;
  /** The address of every pod, for Prometheus' `alerting.alertmanagers`. */
  readonly targets: readonly string[];
  /** The Service URL for amtool and Grafana. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: AlertmanagerProps = {}) {
    super(scope, id);
    const p = { ...ALERTMANAGER_DEFAULTS, ...props };
    const timing = { ...ALERTMANAGER_DEFAULTS.timing, ...props.timing };
    if (!Number.isInteger(p.replicas) || p.replicas < 1 || p.replicas > 5) {
      throw new Error(`'replicas' must be a whole number from 1 to 5 (2 keep alerts through one pod's loss).`);
    }
    for (const [field, value] of Object.entries(timing)) {
      if (!DURATION.test(value)) throw new Error(`'timing.${field}' must be a duration like '30s', got '${value}'.`);
    }
    if (p.groupBy.length === 0) {
      throw new Error(`'groupBy' must name at least one label, e.g. 'alertname', or every alert lands in one group.`);
    }

    const { labels, selector } = monitoringLabels(NAME, 'alerting', p.image);
    this.selectorLabels = selector;
    this.url = `http://${NAME}.${p.namespace}.svc:${PORT}`;
    const peers = peerNames(p.namespace, p.replicas);
    this.targets = alertmanagerTargets(p);
    const channels = { page: p.page, ticket: p.ticket ?? p.page, watchdog: p.watchdog };
    this.config = alertmanagerConfig({
      ...channels,
      groupBy: p.groupBy,
      inhibitEqual: p.inhibitEqual,
      timing,
      secretPath,
    });
    this.configText = toYaml(this.config);
    const metadata = { name: NAME, namespace: p.namespace, labels };
    const configData = { 'alertmanager.yml': this.configText };
    const secrets = [...new Set(secretKeys(channels).map((s) => s.secretName))].sort();

    new k8s.KubeServiceAccount(this, 'service-account', { metadata, automountServiceAccountToken: false });
    new k8s.KubeConfigMap(this, 'config', { metadata: { ...metadata, name: `${NAME}-config` }, data: configData });
    new k8s.KubeService(this, 'service', {
      metadata,
      spec: { selector, ports: [{ name: 'http', port: PORT, targetPort: k8s.IntOrString.fromString('http') }] },
    });
    new k8s.KubeService(this, 'headless', {
      metadata: { ...metadata, name: HEADLESS },
      spec: {
        clusterIp: 'None',
        // Peers must find each other before they are ready: readiness waits for the cluster to settle.
        publishNotReadyAddresses: true,
        selector,
        ports: [
          { name: 'http', port: PORT },
          { name: 'mesh-tcp', port: CLUSTER_PORT, protocol: 'TCP' },
          { name: 'mesh-udp', port: CLUSTER_PORT, protocol: 'UDP' },
        ],
      },
    });

    const clusterArgs =
      p.replicas > 1
        ? [
            `--cluster.listen-address=0.0.0.0:${CLUSTER_PORT}`,
            `--cluster.advertise-address=[$(POD_IP)]:${CLUSTER_PORT}`,
            ...peers.map((peer) => `--cluster.peer=${peer}:${CLUSTER_PORT}`),
          ]
        : ['--cluster.listen-address='];
    new k8s.KubeStatefulSet(this, 'stateful-set', {
      metadata,
      spec: {
        serviceName: HEADLESS,
        replicas: p.replicas,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        template: {
          metadata: { labels, annotations: { 'checksum/config': checksum(configData), ...scrapeAnnotations(PORT) } },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            securityContext: podSecurityContext(RUN_AS.user),
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: {
                      topologyKey: 'kubernetes.io/hostname',
                      labelSelector: { matchLabels: selector },
                    },
                  },
                ],
              },
            },
            containers: [
              {
                name: NAME,
                image: p.image,
                args: [
                  `--config.file=${CONFIG_DIR}/alertmanager.yml`,
                  `--storage.path=${DATA_DIR}`,
                  `--web.listen-address=:${PORT}`,
                  ...clusterArgs,
                ],
                env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
                ports: [
                  { name: 'http', containerPort: PORT },
                  { name: 'mesh-tcp', containerPort: CLUSTER_PORT, protocol: 'TCP' },
                  { name: 'mesh-udp', containerPort: CLUSTER_PORT, protocol: 'UDP' },
                ],
                readinessProbe: httpProbe('/-/ready', 'http', 5),
                livenessProbe: { ...httpProbe('/-/healthy', 'http', 15), initialDelaySeconds: 15 },
                resources: containerResources(NAME, p.resources),
                securityContext: restrictedKubeContext(RUN_AS),
                volumeMounts: [
                  { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                  { name: 'data', mountPath: DATA_DIR },
                  ...secrets.map((name) => ({
                    name: `secret-${name}`,
                    mountPath: `${SECRETS_DIR}/${name}`,
                    readOnly: true,
                  })),
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: `${NAME}-config` } },
              // Silences and the notification log live in memory and are gossiped; the disk holds snapshots.
              { name: 'data', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
              ...secrets.map((name) => ({ name: `secret-${name}`, secret: { secretName: name } })),
            ],
          },
        },
      },
    });

    new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata,
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    });

    const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
    const self = { podSelector: { matchLabels: selector } };
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata,
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [
          {
            ports: [tcp(PORT)],
            from: [
              self,
              ...p.clients.map((client) => ({
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': client.namespace } },
                podSelector: { matchLabels: { ...client.podSelector } },
              })),
            ],
          },
          {
            ports: [tcp(CLUSTER_PORT), { protocol: 'UDP', port: k8s.IntOrString.fromNumber(CLUSTER_PORT) }],
            from: [self],
          },
        ],
      },
    });
  }
}
