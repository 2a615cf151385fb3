import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ContainerResources } from '../config/config.js';
import type { ObjectStoreTarget } from '../config/database-config.js';
import { componentLabels } from '../platform/labels.js';
import { kubeResources, validateResources } from '../platform/resources.js';
import { restrictedKubeContext } from '../platform/security.js';
import { SyncWave, syncWave } from '../platform/sync-order.js';
import { backupMountPath } from './postgres-backup.js';
import { offsiteEnvironment, offsitePath } from './postgres-offsite-copy.js';
import { dataMountPath, pgdata, postgresUser, postgresPodSecurityContext } from './postgres.js';

/** Props of {@link PostgresRestoreJob}. */
export interface PostgresRestoreJobProps {
  /** @default 'postgres-restore' */
  readonly name?: string;
  /** The PostgreSQL image of the database. */
  readonly image: string;
  readonly version: string;
  /** `latest`, or a UTC time like 2026-01-31T13:45:00Z. */
  readonly target: string;
  /** Claim of the database's data volume (`data-postgres-0`). */
  readonly dataClaimName: string;
  /** Claim of the backup volume. */
  readonly backupClaimName: string;
  /** ConfigMap with restore.sh. */
  readonly scriptsConfigMapName: string;
  /** @default { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' } */
  readonly resources?: ContainerResources;
  /**
   * Fetch what the backup volume lacks from the off-site copy first (a new, empty volume included).
   * @default - the volume alone
   */
  readonly offsite?: { readonly objectStore: ObjectStoreTarget; readonly image: string };
}

const defaults = {
  name: 'postgres-restore',
  resources: { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' },
  activeDeadlineSeconds: 6 * 3600,
  fetchResources: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
} as const;

const TARGET = /^(latest|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z)$/;

/**
 * The restore of the StatefulSet mode as a Job of the database image: the current data directory
 * is moved aside (never deleted), then restore.sh unpacks the newest suitable base backup into the
 * data volume and replays the WAL archive to the end or to the target time. Rendered only while
 * `LMS_DATABASE_RESTORE` is set, when the StatefulSet has no pod.
 */
export class PostgresRestoreJob extends Construct {
  constructor(scope: Construct, id: string, props: PostgresRestoreJobProps) {
    super(scope, id);
    const p = { ...defaults, ...props };
    if (!TARGET.test(p.target)) {
      throw new Error(`The restore target '${p.target}' must be 'latest' or a UTC time like 2026-01-31T13:45:00Z.`);
    }
    validateResources(p.name, p.resources);
    const labels = componentLabels({ name: p.name, component: 'restore', version: p.version });
    const targetArgs = p.target === 'latest' ? [] : ['--target-time', p.target];
    const moveAside =
      'if [ -e "$PGDATA" ]; then mv "$PGDATA" "$PGDATA.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"; fi; ' +
      'exec sh /scripts/restore.sh "$@"';

    new k8s.KubeJob(this, 'job', {
      metadata: { name: p.name, labels, annotations: syncWave(SyncWave.database) },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: p.activeDeadlineSeconds,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: postgresPodSecurityContext(),
            initContainers: p.offsite
              ? [
                  {
                    name: 'fetch-offsite',
                    image: p.offsite.image,
                    imagePullPolicy: 'IfNotPresent',
                    command: [
                      'rclone',
                      'copy',
                      offsitePath(p.offsite.objectStore),
                      backupMountPath,
                      '--stats-one-line',
                      '-v',
                    ],
                    env: offsiteEnvironment(p.offsite.objectStore),
                    resources: kubeResources(defaults.fetchResources),
                    securityContext: restrictedKubeContext(postgresUser),
                    volumeMounts: [
                      { name: 'backup', mountPath: backupMountPath },
                      { name: 'tmp', mountPath: '/tmp' },
                    ],
                  },
                ]
              : undefined,
            containers: [
              {
                name: 'restore',
                image: p.image,
                imagePullPolicy: 'IfNotPresent',
                command: ['sh', '-c', moveAside, 'restore', ...targetArgs],
                env: [
                  { name: 'BACKUP_DIR', value: backupMountPath },
                  { name: 'PGDATA', value: pgdata },
                ],
                resources: kubeResources(p.resources),
                securityContext: restrictedKubeContext(postgresUser),
                volumeMounts: [
                  { name: 'data', mountPath: dataMountPath },
                  { name: 'backup', mountPath: backupMountPath, readOnly: true },
                  { name: 'scripts', mountPath: '/scripts', readOnly: true },
                  { name: 'run', mountPath: '/var/run/postgresql' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'data', persistentVolumeClaim: { claimName: p.dataClaimName } },
              { name: 'backup', persistentVolumeClaim: { claimName: p.backupClaimName, readOnly: !p.offsite } },
              { name: 'scripts', configMap: { name: p.scriptsConfigMapName } },
              { name: 'run', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
            ],
          },
        },
      },
    });
  }
}
