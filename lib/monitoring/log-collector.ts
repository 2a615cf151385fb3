import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { EVERY_NODE, serviceAccountWithClusterRole } from './objects.js';
import { toYaml } from './yaml.js';
import { renderAlloy } from './alloy-syntax.js';
import { alloyConfig } from './alloy-config.js';
import type { CollectorSettings } from './collector-config.js';
import { promtailConfig } from './promtail-config.js';
import { monitoringLabels } from './labels.js';
import type { ContainerResources } from '../config/config.js';
import { checksum, httpProbe, containerResources } from './workload.js';

/** Which program collects the logs. Promtail reached end of life on 2026-03-02; Alloy is its successor. */
export type LogCollectorImplementation = 'promtail' | 'alloy';

export interface LogCollectorProps {
  /** @default 'promtail' */
  readonly implementation?: LogCollectorImplementation;
  /** A namespace labelled Pod Security `privileged`: the collector reads node log files. @default 'monitoring-agents' */
  readonly namespace?: string;
  /** Loki's base URL, e.g. `http://loki.monitoring.svc:3100`. */
  readonly lokiUrl: string;
  /** @default 'grafana/promtail:3.6.11' or 'grafana/alloy:v1.19.1' */
  readonly image?: string;
  /** @default 50m/64Mi requested, 250m/192Mi limit (Promtail); 100m/128Mi, 500m/384Mi (Alloy) */
  readonly resources?: ContainerResources;
}

interface Flavour {
  readonly image: string;
  readonly port: number;
  readonly readyPath: string;
  readonly configFile: string;
  readonly resources: ContainerResources;
  readonly render: (settings: CollectorSettings) => string;
  readonly args: (configPath: string, positionsDir: string, port: number) => string[];
}

export const LOG_COLLECTOR_FLAVOURS: Readonly<Record<LogCollectorImplementation, Flavour>> = {
  promtail: {
    // Promtail's last released image (end of life 2026-03-02; no promtail image after the 3.6 line):
    // scylladb/scylla-monitoring#2885, 2026-08-20, "pinned to the last released promtail tag (3.6.11)".
    image: 'grafana/promtail:3.6.11',
    port: 3101,
    readyPath: '/ready',
    configFile: 'promtail.yaml',
    resources: { cpuRequest: '50m', memoryRequest: '64Mi', cpuLimit: '250m', memoryLimit: '192Mi' },
    render: (settings) => toYaml(promtailConfig(settings)),
    args: (configPath) => [`-config.file=${configPath}`],
  },
  alloy: {
    // Newest release in the stored material: v1.19.1 (tedsluis/monitoring#111, 2026-08-28; shaman007/home-k3s#658).
    image: 'grafana/alloy:v1.19.1',
    port: 12345,
    readyPath: '/-/ready',
    configFile: 'config.alloy',
    resources: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '384Mi' },
    render: (settings) => renderAlloy(alloyConfig(settings)),
    args: (configPath, positionsDir, port) => [
      'run',
      configPath,
      `--storage.path=${positionsDir}`,
      `--server.http.listen-addr=0.0.0.0:${port}`,
      '--disable-reporting',
    ],
  },
};

const CONFIG_DIR = '/etc/log-collector';

/** A DaemonSet that ships every container log of its node to Loki. */
export class LogCollector extends Construct {
  readonly implementation: LogCollectorImplementation;
  /** The rendered configuration file (YAML for Promtail, Alloy syntax for Alloy). */
  readonly configText: string;
  readonly settings: CollectorSettings;

  constructor(scope: Construct, id: string, props: LogCollectorProps) {
    super(scope, id);
    const implementation = props.implementation ?? 'promtail';
    const flavour = LOG_COLLECTOR_FLAVOURS[implementation];
    if (!flavour) throw new Error(`'implementation' must be 'promtail' or 'alloy', got '${implementation}'.`);
    if (!/^https?:\/\/[^/]+$/.test(props.lokiUrl)) {
      throw new Error(`'lokiUrl' must be a base URL without a path, like 'http://loki.monitoring.svc:3100'.`);
    }
    const namespace = props.namespace ?? 'monitoring-agents';
    const image = props.image ?? flavour.image;
    const name = implementation;
    const positionsDir = `/var/lib/${name}-positions`;
    this.implementation = implementation;
    this.settings = { pushUrl: `${props.lokiUrl}/loki/api/v1/push`, positionsDir, httpPort: flavour.port };
    this.configText = flavour.render(this.settings);

    const { labels, selector } = monitoringLabels(name, 'log-collector', image);
    const metadata = { name, namespace, labels };
    const configData = { [flavour.configFile]: this.configText };

    serviceAccountWithClusterRole(this, metadata, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    new k8s.KubeConfigMap(this, 'config', { metadata: { ...metadata, name: `${name}-config` }, data: configData });

    const hostPaths = [
      { name: 'pods', path: '/var/log/pods', readOnly: true },
      { name: 'docker-containers', path: '/var/lib/docker/containers', readOnly: true },
      { name: 'positions', path: positionsDir, readOnly: false },
    ];
    new k8s.KubeDaemonSet(this, 'daemon-set', {
      metadata,
      spec: {
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: {
          metadata: { labels, annotations: { 'checksum/config': checksum(configData) } },
          spec: {
            serviceAccountName: name,
            ...EVERY_NODE,
            // Pod log files belong to root with mode 0640: reading them takes uid 0, but no capability.
            securityContext: { runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name,
                image,
                args: flavour.args(`${CONFIG_DIR}/${flavour.configFile}`, positionsDir, flavour.port),
                env: [{ name: 'HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                ports: [{ name: 'http', containerPort: flavour.port }],
                readinessProbe: httpProbe(flavour.readyPath, 'http'),
                // Liveness only asks whether the process serves at all: readiness may stay false while Loki is unreachable.
                livenessProbe: {
                  tcpSocket: { port: k8s.IntOrString.fromString('http') },
                  periodSeconds: 30,
                  failureThreshold: 3,
                },
                resources: containerResources(name, props.resources ?? flavour.resources),
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [
                  { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                  ...hostPaths.map((h) => ({ name: h.name, mountPath: h.path, readOnly: h.readOnly })),
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: `${name}-config` } },
              { name: 'tmp', emptyDir: {} },
              ...hostPaths.map((h) => ({
                name: h.name,
                hostPath: { path: h.path, type: h.name === 'pods' ? 'Directory' : 'DirectoryOrCreate' },
              })),
            ],
          },
        },
      },
    });
  }
}
