import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { monitoringLabels } from './labels.js';
import type { ContainerResources } from '../config/config.js';
import { EVERY_NODE } from './objects.js';
import type { PodScrapeTarget } from './prometheus-config.js';
import { nodeRules } from './rules/node.js';
import type { RuleGroup } from './rules/types.js';
import { httpProbe, containerResources } from './workload.js';

export interface NodeExporterProps {
  /** A namespace labelled Pod Security `privileged`: the exporter needs the host's network, PIDs and filesystems. @default 'monitoring-agents' */
  readonly namespace?: string;
  /** @default 'prom/node-exporter:v1.12.0' */
  readonly image?: string;
  /** @default 9100 */
  readonly port?: number;
  /**
   * Mount the host's `/` read-only to report filesystem usage. kind and Docker Desktop cannot propagate it,
   * so it can be turned off there. @default true
   */
  readonly mountRootFilesystem?: boolean;
  /** @default 50m/48Mi requested, 250m/128Mi limit */
  readonly resources?: ContainerResources;
}

export const NODE_EXPORTER_DEFAULTS = {
  namespace: 'monitoring-agents',
  // Newest release in the stored material: tianon/dockerfiles#1333, "Update prometheus/node-exporter to 1.12.0".
  image: 'prom/node-exporter:v1.12.0',
  port: 9100,
  mountRootFilesystem: true,
  resources: { cpuRequest: '50m', memoryRequest: '48Mi', cpuLimit: '250m', memoryLimit: '128Mi' },
} as const;

const NAME = 'node-exporter';
export const NODE_EXPORTER_JOB = 'node-exporter';

/** Container runtimes' and the kubelet's own mounts, which would otherwise show up once per pod. */
export const IGNORED_MOUNT_POINTS =
  '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+|var/lib/kubelet/.+|run/containerd/.+|run/k3s/.+)($|/)';
export const IGNORED_FS_TYPES =
  '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs|tmpfs|shm)$';

/** node-exporter on every node, tolerating every taint, with its node alerts. */
export class NodeExporter extends Construct {
  readonly podTarget: PodScrapeTarget;
  readonly ruleGroups: readonly RuleGroup[];
  readonly namespace: string;
  readonly port: number;

  constructor(scope: Construct, id: string, props: NodeExporterProps = {}) {
    super(scope, id);
    const p = { ...NODE_EXPORTER_DEFAULTS, ...props };
    if (p.port < 1024)
      throw new Error(`'port' must be 1024 or higher so the exporter can run without root, got ${p.port}.`);
    const { labels, selector } = monitoringLabels(NAME, 'node-metrics', p.image);
    this.namespace = p.namespace;
    this.port = p.port;
    this.podTarget = { jobName: NODE_EXPORTER_JOB, namespace: p.namespace, matchLabels: selector, portName: 'metrics' };
    this.ruleGroups = [nodeRules(NODE_EXPORTER_JOB)];
    const metadata = { name: NAME, namespace: p.namespace, labels };

    const hostMounts = [
      { name: 'proc', hostPath: '/proc', mountPath: '/host/proc' },
      { name: 'sys', hostPath: '/sys', mountPath: '/host/sys' },
      ...(p.mountRootFilesystem ? [{ name: 'root', hostPath: '/', mountPath: '/host/root' }] : []),
    ];

    new k8s.KubeServiceAccount(this, 'service-account', { metadata, automountServiceAccountToken: false });
    new k8s.KubeDaemonSet(this, 'daemon-set', {
      metadata,
      spec: {
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            hostNetwork: true,
            hostPid: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            ...EVERY_NODE,
            securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 },
            containers: [
              {
                name: NAME,
                image: p.image,
                args: [
                  `--web.listen-address=:${p.port}`,
                  '--path.procfs=/host/proc',
                  '--path.sysfs=/host/sys',
                  ...(p.mountRootFilesystem
                    ? ['--path.rootfs=/host/root', '--path.udev.data=/host/root/run/udev/data']
                    : []),
                  `--collector.filesystem.mount-points-exclude=${IGNORED_MOUNT_POINTS}`,
                  `--collector.filesystem.fs-types-exclude=${IGNORED_FS_TYPES}`,
                  '--no-collector.wifi',
                  '--no-collector.hwmon',
                ],
                ports: [{ name: 'metrics', containerPort: p.port, hostPort: p.port }],
                readinessProbe: httpProbe('/', 'metrics'),
                livenessProbe: httpProbe('/', 'metrics', 30),
                resources: containerResources(NAME, p.resources),
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: hostMounts.map((mount) => ({
                  name: mount.name,
                  mountPath: mount.mountPath,
                  readOnly: true,
                  mountPropagation: 'HostToContainer',
                })),
              },
            ],
            volumes: hostMounts.map((mount) => ({ name: mount.name, hostPath: { path: mount.hostPath } })),
          },
        },
      },
    });
  }
}
