import { Chart } from 'cdk8s';
import type { ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { ApiCommandJob } from '../lib/app/api-command-job.js';
import { imageName } from '../lib/config/config.js';
import type { AppConfig } from '../lib/config/config.js';
import type { SecretEnv } from '../lib/config/env.js';
import { overridesOnly } from '../lib/config/overrides.js';
import { componentLabels } from '../lib/platform/labels.js';
import { NestApi, apiUser } from '../lib/app/nest-api.js';
import { NoticeWorker } from '../lib/app/notice-worker.js';
import { Postgres, postgresPort } from '../lib/database/postgres.js';
import {
  backupMountPath,
  DEFAULT_ARCHIVE_TIMEOUT_SECONDS,
  PostgresBackup,
  walArchiveSettings,
} from '../lib/database/postgres-backup.js';
import { PostgresRestoreJob } from '../lib/database/postgres-restore-job.js';
import { PostgresOffsiteCopy } from '../lib/database/postgres-offsite-copy.js';
import { CnpgPostgres } from '../lib/database/cnpg-postgres.js';
import { POSTGRES_NAME } from '../lib/database/postgres-monitoring.js';
import type { LmsMonitoring } from '../lib/monitoring/component-monitoring.js';
import { RestrictedNamespace } from '../lib/platform/restricted-namespace.js';
import { RANDOM, SecretGenerator } from '../lib/platform/secret-generator.js';
import type { GeneratedSecret } from '../lib/platform/secret-generator.js';
import { SyncWave } from '../lib/platform/sync-order.js';

/** Props of {@link LmsChart}. */
export interface LmsChartProps extends ChartProps {
  readonly config: AppConfig;
}

/** Name of the PostgreSQL StatefulSet or CloudNativePG Cluster. */
const databaseName = POSTGRES_NAME;
/** The operand image of cloudnative-pg mode, the same PostgreSQL release as the StatefulSet's. */
const cnpgImage = 'ghcr.io/cloudnative-pg/postgresql:16.15';
/** How often the StatefulSet mode's backup volume is mirrored to object storage, when configured. */
const OFFSITE_INTERVAL_MINUTES = 2;
const OFFSITE_ARCHIVE_TIMEOUT_SECONDS = 180;

/**
 * Bill of materials of the `lms` namespace: the namespace itself, generated credentials, PostgreSQL,
 * the migration and seed Jobs, the API and the notice worker. Ordering lives in the sync waves of each object.
 */
export class LmsChart extends Chart {
  /** What the monitoring chart scrapes, alerts on and shows of this chart's components. */
  public readonly monitoring: LmsMonitoring;

  constructor(scope: Construct, id: string, props: LmsChartProps) {
    super(scope, id, { ...props, namespace: props.config.namespaces.app });
    const { namespaces, lms } = props.config;
    const { api, postgres, secrets } = lms;
    const apiImage = imageName(api.image);
    const { mode, backup, restore } = props.config.database;
    const cloudNative = mode === 'cloudnative-pg';
    // The host PGHOST points at: the headless Service, or CloudNativePG's Service of the primary.
    const databaseHost = cloudNative ? `${databaseName}-rw` : databaseName;

    new RestrictedNamespace(this, 'namespace', {
      name: namespaces.app,
      syncWave: SyncWave.foundation,
      labels: componentLabels({ name: namespaces.app, component: 'namespace', version: api.image.tag }),
    });

    if (!secrets.bringYourOwn) {
      const generated: GeneratedSecret[] = [
        { name: secrets.databaseSecretName, data: { username: postgres.username, password: RANDOM } },
        { name: secrets.jwtSecretName, data: { JWT_SECRET: RANDOM } },
      ];
      if (lms.seedEnabled) {
        generated.push({
          name: secrets.seedAdminSecretName,
          data: { SEED_ADMIN_EMAIL: secrets.seedAdminEmail, SEED_ADMIN_PASSWORD: RANDOM },
        });
      }
      new SecretGenerator(this, 'secret-generator', {
        image: imageName(secrets.generatorImage),
        version: secrets.generatorImage.tag,
        secrets: generated,
      });
    }

    const databaseLogin: Record<string, SecretEnv> = {
      PGUSER: { secretName: secrets.databaseSecretName, key: 'username' },
      PGPASSWORD: { secretName: secrets.databaseSecretName, key: 'password' },
    };

    const lmsApi = new NestApi(this, 'api', {
      image: apiImage,
      version: api.image.tag,
      environment: {
        NODE_ENV: 'production',
        LOG_LEVEL: api.logLevel,
        CORS_ORIGINS: api.corsOrigins,
        PGHOST: databaseHost,
        PGPORT: String(postgresPort),
        PGDATABASE: postgres.database,
        DB_POOL_MAX: String(api.dbPoolMax),
      },
      secretEnvironment: {
        ...databaseLogin,
        JWT_SECRET: { secretName: secrets.jwtSecretName, key: 'JWT_SECRET' },
      },
      ...overridesOnly({
        minReplicas: api.minReplicas,
        maxReplicas: api.maxReplicas,
        resources: api.resources,
        heapLimitMiB: api.heapLimitMiB,
        shutdownDelayMs: api.shutdownDelayMs,
        drainSeconds: api.drainSeconds,
      }),
      ingressHost: api.ingress.enabled ? api.ingress.host : undefined,
      ingressClassName: api.ingress.className,
    });

    const jobDefaults = {
      image: apiImage,
      version: api.image.tag,
      configMapName: lmsApi.configMapName,
      runAs: apiUser,
    };
    const waitForDatabase = { image: imageName(postgres.image), host: databaseHost, port: postgresPort };
    const migrate = new ApiCommandJob(this, 'migrate', {
      ...jobDefaults,
      name: 'lms-migrate',
      component: 'migration',
      command: ['node', 'dist/database/migrate.js'],
      secretEnvironment: databaseLogin,
      hookPhase: 'Sync',
      syncWave: SyncWave.migrate,
      waitForDatabase,
    });
    const seed = lms.seedEnabled
      ? new ApiCommandJob(this, 'seed', {
          ...jobDefaults,
          name: 'lms-seed',
          component: 'seed',
          command: ['node', 'dist/database/seed.js'],
          secretEnvironment: {
            ...databaseLogin,
            SEED_ADMIN_EMAIL: { secretName: secrets.seedAdminSecretName, key: 'SEED_ADMIN_EMAIL' },
            SEED_ADMIN_PASSWORD: { secretName: secrets.seedAdminSecretName, key: 'SEED_ADMIN_PASSWORD' },
          },
          hookPhase: 'PostSync',
          syncWave: SyncWave.seed,
          // Under Argo CD the database is up by PostSync; a plain `kubectl apply` starts all at once.
          waitForDatabase,
        })
      : undefined;

    const noticeWorker = new NoticeWorker(this, 'notice-worker', {
      image: apiImage,
      version: api.image.tag,
      runAs: apiUser,
      environment: {
        NODE_ENV: 'production',
        LOG_LEVEL: api.logLevel,
        PGHOST: databaseHost,
        PGPORT: String(postgresPort),
        PGDATABASE: postgres.database,
        MAIL_FROM: lms.notices.mailFrom,
        LIBRARY_NAME: lms.notices.libraryName,
        NOTICE_DUE_SOON_DAYS: String(lms.notices.dueSoonDays),
      },
      secretEnvironment: {
        ...databaseLogin,
        SMTP_URL: { secretName: lms.notices.smtpSecretName, key: 'SMTP_URL' },
      },
      monitoringNamespace: namespaces.monitoring,
    });

    const clients = [lmsApi.selector, noticeWorker.selector, migrate.selector, ...(seed ? [seed.selector] : [])];
    if (cloudNative) {
      const database = new CnpgPostgres(this, 'postgres', {
        name: databaseName,
        imageName: cnpgImage,
        version: cnpgImage.split(':')[1],
        credentialsSecretName: secrets.databaseSecretName,
        database: postgres.database,
        owner: postgres.username,
        storageClass: postgres.storageClass,
        objectStore: backup.objectStore!,
        recoverTo: restore,
        ...overridesOnly({
          instances: props.config.database.cloudnativePg.instances,
          storageSize: postgres.storageSize,
          resources: postgres.resources,
          retentionDays: backup.retentionDays,
          archiveTimeoutSeconds: backup.archiveTimeoutSeconds,
        }),
        clients,
        monitoringNamespace: namespaces.monitoring,
      });
      this.monitoring = { api: lmsApi.monitoring, database: database.monitoring, notices: noticeWorker.monitoring };
    } else {
      const postgresBackup = new PostgresBackup(this, 'postgres-backup', {
        image: imageName(postgres.image),
        version: postgres.image.tag,
        databaseHost,
        databaseSelector: Postgres.selectorOf(databaseName),
        credentialsSecretName: secrets.databaseSecretName,
        storageClass: postgres.storageClass,
        ...overridesOnly({
          schedule: backup.schedule,
          retentionDays: backup.retentionDays,
          minBaseBackups: backup.minBaseBackups,
          volumeSize: backup.volumeSize,
        }),
      });
      const offsite = backup.objectStore
        ? new PostgresOffsiteCopy(this, 'postgres-backup-offsite', {
            objectStore: backup.objectStore,
            backupClaimName: postgresBackup.claimName,
            databaseSelector: Postgres.selectorOf(databaseName),
            intervalMinutes: OFFSITE_INTERVAL_MINUTES,
          })
        : undefined;
      if (restore) {
        new PostgresRestoreJob(this, 'postgres-restore', {
          image: imageName(postgres.image),
          version: postgres.image.tag,
          target: restore,
          dataClaimName: `data-${databaseName}-0`,
          backupClaimName: postgresBackup.claimName,
          scriptsConfigMapName: postgresBackup.scriptsConfigMapName,
          offsite:
            offsite && backup.objectStore ? { objectStore: backup.objectStore, image: offsite.image } : undefined,
        });
      }
      // With an off-site copy, a segment waits for archive_timeout and then for the next mirror run:
      // 180 s + 2 min keeps the off-site RPO within 5 minutes.
      const archiveTimeout = backup.archiveTimeoutSeconds ?? DEFAULT_ARCHIVE_TIMEOUT_SECONDS;
      const database = new Postgres(this, 'postgres', {
        name: databaseName,
        walArchive: {
          settings: walArchiveSettings(
            offsite ? Math.min(archiveTimeout, OFFSITE_ARCHIVE_TIMEOUT_SECONDS) : archiveTimeout,
          ),
          claimName: postgresBackup.claimName,
          mountPath: backupMountPath,
          directories: ['wal', 'base'],
        },
        stopped: restore !== undefined,
        image: imageName(postgres.image),
        version: postgres.image.tag,
        exporterImage: imageName(postgres.exporterImage),
        credentialsSecretName: secrets.databaseSecretName,
        database: postgres.database,
        storageClass: postgres.storageClass,
        ...overridesOnly({
          storageSize: postgres.storageSize,
          resources: postgres.resources,
          exporterResources: postgres.exporterResources,
          sharedMemorySize: postgres.sharedMemorySize,
        }),
        clients: [...clients, postgresBackup.selector],
        monitoringNamespace: namespaces.monitoring,
      });
      this.monitoring = { api: lmsApi.monitoring, database: database.monitoring, notices: noticeWorker.monitoring };
    }
  }
}
