import { readFileSync } from 'node:fs';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { keepDataAnnotations } from '../argocd/keep-data.js';
import type { ContainerResources } from '../config/config.js';
import { componentLabels, selectorLabels } from '../platform/labels.js';
import { kubeResources, validateResources } from '../platform/resources.js';
import { restrictedKubeContext } from '../platform/security.js';
import { SyncWave, syncWave } from '../platform/sync-order.js';
import { postgresPort, postgresUser, postgresPodSecurityContext, onTheDatabaseNode } from './postgres.js';

/** Props of {@link PostgresBackup}. */
export interface PostgresBackupProps {
  /** Name of the CronJob, the volume claim and `app.kubernetes.io/name`. @default 'postgres-backup' */
  readonly name?: string;
  /** The PostgreSQL image of the database (it ships pg_basebackup). */
  readonly image: string;
  /** `app.kubernetes.io/version`, normally the image tag. */
  readonly version: string;
  /** Host name of the database (its Service). */
  readonly databaseHost: string;
  /** Labels of the database pod: the backup pod runs on its node, to share the ReadWriteOnce volume. */
  readonly databaseSelector: Readonly<Record<string, string>>;
  /** Secret with `username` and `password` of a role allowed to replicate (the owner is a superuser). */
  readonly credentialsSecretName: string;
  /** Cron schedule (UTC) of the base backups. @default '0 2 * * *' */
  readonly schedule?: string;
  /** Base backups older than this many days are deleted, with the WAL only they needed. @default 7 */
  readonly retentionDays?: number;
  /** The newest this many base backups are kept however old they are. @default 2 */
  readonly minBaseBackups?: number;
  /** Size of the backup volume claim. @default '20Gi' */
  readonly volumeSize?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /** @default { cpuRequest: '100m', memoryRequest: '64Mi', memoryLimit: '256Mi' } */
  readonly resources?: ContainerResources;
  /** Namespace of the cluster DNS the backup pod may query. @default 'kube-system' */
  readonly dnsNamespace?: string;
}

/** `archive_timeout`, the bound on the WAL not yet archived (the RPO): 5 minutes. */
export const DEFAULT_ARCHIVE_TIMEOUT_SECONDS = 300;

/** Where the backup volume is mounted, in the database pod and the backup pods alike. */
export const backupMountPath = '/backup';
/** Where basic_archive writes WAL; restore.sh reads it from the same place. */
export const walArchivePath = `${backupMountPath}/wal`;
const scriptsPath = '/scripts';

const defaults = {
  name: 'postgres-backup',
  schedule: '0 2 * * *',
  retentionDays: 7,
  minBaseBackups: 2,
  volumeSize: '20Gi',
  resources: { cpuRequest: '100m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
  dnsNamespace: 'kube-system',
  activeDeadlineSeconds: 6 * 3600,
} as const;

/** The shell scripts the backup and restore pods run, shipped in a ConfigMap; the restore drill runs the same files. */
export const backupScripts: Readonly<Record<string, string>> = Object.fromEntries(
  ['backup.sh', 'restore.sh'].map((file) => [file, readFileSync(new URL(`./backup/${file}`, import.meta.url), 'utf8')]),
);

/**
 * Backups of the StatefulSet mode: a volume claim that outlives the database's own, the WAL that
 * PostgreSQL archives into it continuously (`basic_archive`, see {@link walArchiveSettings}), and a
 * CronJob that takes a base backup with pg_basebackup and then applies the retention. A failed
 * backup fails its Job and deletes nothing.
 */
export class PostgresBackup extends Construct {
  /** Name of the backup volume claim, mounted by the database pod at {@link backupMountPath}. */
  public readonly claimName: string;
  /** Name of the ConfigMap with backup.sh and restore.sh. */
  public readonly scriptsConfigMapName: string;
  /** Labels of the backup pods (the database must let them connect). */
  public readonly selector: Readonly<Record<string, string>>;
  /** Name of the CronJob (its Jobs are `<name>-<timestamp>`). */
  public readonly cronJobName: string;

  constructor(scope: Construct, id: string, props: PostgresBackupProps) {
    super(scope, id);
    const p = { ...defaults, ...props };
    if (!Number.isInteger(p.retentionDays) || p.retentionDays < 1) {
      throw new Error(`'retentionDays' is ${p.retentionDays}; keep backups for at least 1 whole day.`);
    }
    if (!Number.isInteger(p.minBaseBackups) || p.minBaseBackups < 1) {
      throw new Error(`'minBaseBackups' is ${p.minBaseBackups}; keep at least 1 base backup.`);
    }
    if (p.schedule.trim().split(/\s+/).length !== 5) {
      throw new Error(`'schedule' "${p.schedule}" must be a five-field cron expression like '0 2 * * *'.`);
    }
    validateResources(p.name, p.resources);

    const identity = { name: p.name, component: 'backup', version: p.version };
    const labels = componentLabels(identity);
    this.selector = selectorLabels(identity);
    this.claimName = p.name;
    this.cronJobName = p.name;
    this.scriptsConfigMapName = `${p.name}-scripts`;
    const metadata = (name: string, wave: number = SyncWave.database) => ({
      name,
      labels,
      annotations: syncWave(wave),
    });

    new k8s.KubePersistentVolumeClaim(this, 'volume', {
      metadata: {
        ...metadata(this.claimName, SyncWave.foundation),
        annotations: { ...syncWave(SyncWave.foundation), ...keepDataAnnotations },
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: p.storageClass,
        resources: { requests: { storage: k8s.Quantity.fromString(p.volumeSize) } },
      },
    });
    new k8s.KubeConfigMap(this, 'scripts', {
      metadata: metadata(this.scriptsConfigMapName, SyncWave.secretsAndConfig),
      data: { ...backupScripts },
    });

    const secretKey = (key: string): k8s.EnvVarSource => ({ secretKeyRef: { name: p.credentialsSecretName, key } });
    new k8s.KubeCronJob(this, 'cronjob', {
      metadata: metadata(this.cronJobName),
      spec: {
        schedule: p.schedule,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            // A failed backup is reported, not retried in a loop that hides it.
            backoffLimit: 0,
            activeDeadlineSeconds: p.activeDeadlineSeconds,
            template: {
              metadata: { labels },
              spec: {
                restartPolicy: 'Never',
                automountServiceAccountToken: false,
                enableServiceLinks: false,
                securityContext: postgresPodSecurityContext(),
                // The backup volume is ReadWriteOnce and the database pod has it mounted: share its node.
                affinity: onTheDatabaseNode(p.databaseSelector),
                containers: [
                  {
                    name: 'backup',
                    image: p.image,
                    imagePullPolicy: 'IfNotPresent',
                    command: ['sh', `${scriptsPath}/backup.sh`, 'run'],
                    env: [
                      { name: 'BACKUP_DIR', value: backupMountPath },
                      { name: 'RETENTION_DAYS', value: String(p.retentionDays) },
                      { name: 'MIN_BASE_BACKUPS', value: String(p.minBaseBackups) },
                      { name: 'PGHOST', value: p.databaseHost },
                      { name: 'PGPORT', value: String(postgresPort) },
                      { name: 'PGUSER', valueFrom: secretKey('username') },
                      { name: 'PGPASSWORD', valueFrom: secretKey('password') },
                    ],
                    resources: kubeResources(p.resources),
                    securityContext: restrictedKubeContext(postgresUser),
                    volumeMounts: [
                      { name: 'backup', mountPath: backupMountPath },
                      { name: 'scripts', mountPath: scriptsPath, readOnly: true },
                      { name: 'tmp', mountPath: '/tmp' },
                    ],
                  },
                ],
                volumes: [
                  { name: 'backup', persistentVolumeClaim: { claimName: this.claimName } },
                  { name: 'scripts', configMap: { name: this.scriptsConfigMapName } },
                  { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
                ],
              },
            },
          },
        },
      },
    });

    // The backup pod talks to the database and the cluster DNS, nothing else; its target is a volume.
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: metadata(p.name, SyncWave.foundation),
      spec: {
        podSelector: { matchLabels: { ...this.selector } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [],
        egress: [
          {
            to: [{ podSelector: { matchLabels: { ...p.databaseSelector } } }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(postgresPort) }],
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

/**
 * Server settings that archive every WAL segment into the backup volume within `archiveTimeoutSeconds`
 * (the RPO), with the basic_archive module PostgreSQL 16 ships. The restore drill starts its
 * server with the same settings.
 */
export function walArchiveSettings(archiveTimeoutSeconds: number): Record<string, string> {
  if (!Number.isInteger(archiveTimeoutSeconds) || archiveTimeoutSeconds < 1 || archiveTimeoutSeconds > 300) {
    throw new Error(
      `'archiveTimeoutSeconds' is ${archiveTimeoutSeconds}; use 1 to 300 so the RPO stays within 5 minutes.`,
    );
  }
  return {
    wal_level: 'replica',
    archive_mode: 'on',
    archive_library: 'basic_archive',
    'basic_archive.archive_directory': walArchivePath,
    archive_timeout: `${archiveTimeoutSeconds}s`,
  };
}
