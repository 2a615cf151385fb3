import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ContainerResources } from '../config/config.js';
import type { ObjectStoreTarget } from '../config/database-config.js';
import { componentLabels, selectorLabels } from '../platform/labels.js';
import { kubeResources, validateResources } from '../platform/resources.js';
import { restrictedKubeContext } from '../platform/security.js';
import { SyncWave, syncWave } from '../platform/sync-order.js';
import { backupMountPath } from './postgres-backup.js';
import { postgresUser, postgresPodSecurityContext, onTheDatabaseNode } from './postgres.js';

/** Props of {@link PostgresOffsiteCopy}. */
export interface PostgresOffsiteCopyProps {
  /** @default 'postgres-backup-offsite' */
  readonly name?: string;
  /** A pinned rclone image. @default 'rclone/rclone:1.75.1' */
  readonly image?: string;
  /** The bucket, its endpoint and the Secret with `ACCESS_KEY_ID` and `ACCESS_SECRET_KEY`. */
  readonly objectStore: ObjectStoreTarget;
  /** Claim of the backup volume. */
  readonly backupClaimName: string;
  /** Labels of the database pod, whose node mounts the ReadWriteOnce backup volume. */
  readonly databaseSelector: Readonly<Record<string, string>>;
  /** How often the volume is mirrored; with `archive_timeout` it bounds the off-site RPO. @default 2 */
  readonly intervalMinutes?: number;
  /** @default { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '256Mi' } */
  readonly resources?: ContainerResources;
  /** Namespace of the cluster DNS. @default 'kube-system' */
  readonly dnsNamespace?: string;
}

const defaults = {
  name: 'postgres-backup-offsite',
  image: 'rclone/rclone:1.75.1',
  intervalMinutes: 2,
  resources: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
  dnsNamespace: 'kube-system',
} as const;

/** The rclone remote the environment defines (`RCLONE_CONFIG_OFFSITE_*`). */
const remote = 'offsite';

/**
 * The rclone settings of the object store as environment variables: the keys come from the
 * Secret, never from Git. Shared by the mirror CronJob and the restore Job.
 */
export function offsiteEnvironment(store: ObjectStoreTarget): k8s.EnvVar[] {
  const key = (name: string): k8s.EnvVarSource => ({ secretKeyRef: { name: store.credentialsSecretName, key: name } });
  const prefix = `RCLONE_CONFIG_${remote.toUpperCase()}`;
  return [
    { name: `${prefix}_TYPE`, value: 's3' },
    { name: `${prefix}_PROVIDER`, value: 'Other' },
    { name: `${prefix}_ENDPOINT`, value: store.endpoint },
    { name: `${prefix}_REGION`, value: store.region },
    { name: `${prefix}_ACCESS_KEY_ID`, valueFrom: key('ACCESS_KEY_ID') },
    { name: `${prefix}_SECRET_ACCESS_KEY`, valueFrom: key('ACCESS_SECRET_KEY') },
    { name: 'HOME', value: '/tmp' },
  ];
}

/** `offsite:<bucket>/postgres`, where the mirror of the backup volume lives. */
export function offsitePath(store: ObjectStoreTarget): string {
  return `${remote}:${store.bucket}/postgres`;
}

/**
 * The off-site copy of the StatefulSet mode's backups: every `intervalMinutes` the backup volume
 * (WAL archive and base backups) is mirrored to S3-compatible object storage, deletions of the
 * retention included. It refuses to mirror a volume without a complete base backup, so an emptied
 * or replaced volume never wipes the off-site copy.
 */
export class PostgresOffsiteCopy extends Construct {
  /** Labels of the mirror pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The rclone image, which the restore Job uses to fetch the copy back. */
  public readonly image: string;

  constructor(scope: Construct, id: string, props: PostgresOffsiteCopyProps) {
    super(scope, id);
    const p = { ...defaults, ...props };
    if (!/^[^:]+:\d+\.\d+\.\d+$/.test(p.image)) {
      throw new Error(`The rclone image "${p.image}" must be pinned to a version like rclone/rclone:1.75.1.`);
    }
    if (!Number.isInteger(p.intervalMinutes) || p.intervalMinutes < 1 || p.intervalMinutes > 5) {
      throw new Error(
        `'intervalMinutes' is ${p.intervalMinutes}; mirror every 1 to 5 minutes to keep the off-site RPO near 5 minutes.`,
      );
    }
    validateResources(p.name, p.resources);
    this.image = p.image;
    const identity = { name: p.name, component: 'backup', version: p.image.split(':')[1] };
    const labels = componentLabels(identity);
    this.selector = selectorLabels(identity);
    const endpoint = new URL(p.objectStore.endpoint);
    const endpointPort = Number(endpoint.port || (endpoint.protocol === 'https:' ? 443 : 80));
    const mirror =
      `if ! ls ${backupMountPath}/base/*/backup_info >/dev/null 2>&1; then ` +
      `echo "offsite: no complete base backup on the volume; not mirroring, the off-site copy stays as it is" >&2; exit 1; fi; ` +
      `exec rclone sync ${backupMountPath} ${offsitePath(p.objectStore)} --exclude '*.tmp' --exclude 'archtemp*' --stats-one-line -v`;

    new k8s.KubeCronJob(this, 'cronjob', {
      metadata: { name: p.name, labels, annotations: syncWave(SyncWave.database) },
      spec: {
        schedule: `*/${p.intervalMinutes} * * * *`,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: 3600,
            template: {
              metadata: { labels },
              spec: {
                restartPolicy: 'Never',
                automountServiceAccountToken: false,
                enableServiceLinks: false,
                securityContext: postgresPodSecurityContext({ ownsVolumes: false }),
                affinity: onTheDatabaseNode(p.databaseSelector),
                containers: [
                  {
                    name: 'mirror',
                    image: p.image,
                    imagePullPolicy: 'IfNotPresent',
                    command: ['sh', '-c', mirror],
                    env: offsiteEnvironment(p.objectStore),
                    resources: kubeResources(p.resources),
                    securityContext: restrictedKubeContext(postgresUser),
                    volumeMounts: [
                      { name: 'backup', mountPath: backupMountPath, readOnly: true },
                      { name: 'tmp', mountPath: '/tmp' },
                    ],
                  },
                ],
                volumes: [
                  { name: 'backup', persistentVolumeClaim: { claimName: p.backupClaimName, readOnly: true } },
                  { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
                ],
              },
            },
          },
        },
      },
    });

    // A NetworkPolicy cannot name a host: the mirror may reach any address, on the endpoint's port only.
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: p.name, labels, annotations: syncWave(SyncWave.foundation) },
      spec: {
        podSelector: { matchLabels: { ...this.selector } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [],
        egress: [
          {
            to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(endpointPort) }],
          },
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': p.dnsNamespace } } }],
            ports: [
              { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
              { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
            ],
          },
        ],
      },
    });
  }
}
