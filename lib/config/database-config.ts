/**
 * The database section of the app config: which engine runs PostgreSQL, and how it is backed up
 * and restored. Read once at synth; every invalid value stops the synth with a sentence.
 */
import { envInteger } from './config.js';

/** `statefulset`: the single PostgreSQL of the seed; `cloudnative-pg`: a CloudNativePG Cluster. */
export type DatabaseMode = 'statefulset' | 'cloudnative-pg';
export const DATABASE_MODES: readonly DatabaseMode[] = ['statefulset', 'cloudnative-pg'];

/** S3-compatible object storage; the keys live in a Secret created outside Git. */
export interface ObjectStoreTarget {
  /** e.g. `https://s3.eu-central-1.amazonaws.com` or a MinIO URL. */
  readonly endpoint: string;
  readonly bucket: string;
  /** Secret with the keys `ACCESS_KEY_ID` and `ACCESS_SECRET_KEY`. */
  readonly credentialsSecretName: string;
  /** @default 'us-east-1' */
  readonly region: string;
}

/** Backups of either mode; only overrides, the constructs hold the defaults. */
export interface BackupConfig {
  /** Cron schedule (UTC) of the StatefulSet mode's base backups. @default - PostgresBackup's ('0 2 * * *') */
  readonly schedule?: string;
  /** Keep base backups, and the WAL to replay them, this many days. @default env LMS_BACKUP_RETENTION_DAYS, else the construct's (7) */
  readonly retentionDays?: number;
  /** Never delete below this many base backups, however old. @default env LMS_BACKUP_MIN_BASE_BACKUPS, else PostgresBackup's (2) */
  readonly minBaseBackups?: number;
  /** Upper bound on the WAL not yet archived, i.e. the RPO, at most 300. @default - DEFAULT_ARCHIVE_TIMEOUT_SECONDS (300) */
  readonly archiveTimeoutSeconds?: number;
  /** Size of the backup volume (StatefulSet mode). @default - PostgresBackup's ('20Gi') */
  readonly volumeSize?: string;
  /**
   * Object storage; required by `cloudnative-pg` mode. Set with LMS_BACKUP_S3_ENDPOINT,
   * LMS_BACKUP_S3_BUCKET and LMS_BACKUP_S3_SECRET.
   * @default - none: StatefulSet backups stay on their volume
   */
  readonly objectStore?: ObjectStoreTarget;
}

/** The CloudNativePG Cluster of `cloudnative-pg` mode. */
export interface CloudNativePgConfig {
  /** @default - CnpgPostgres' (3) */
  readonly instances?: number;
  /** Version of the cloudnative-pg Helm chart (operator 1.30.0). @default '0.29.0' */
  readonly operatorChartVersion: string;
  /** Version of the plugin-barman-cloud Helm chart (plugin v0.14). @default '0.7.0' */
  readonly barmanPluginChartVersion: string;
}

export interface DatabaseConfig {
  /** @default env LMS_DATABASE, else 'statefulset' */
  readonly mode: DatabaseMode;
  readonly backup: BackupConfig;
  /**
   * Restores instead of serving: `latest` or a UTC time like 2026-01-31T13:45:00Z.
   * @default env LMS_DATABASE_RESTORE, else none
   */
  readonly restore?: string;
  readonly cloudnativePg: CloudNativePgConfig;
}

const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** Reads and validates the database section from the environment. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv): DatabaseConfig {
  const mode = (env.LMS_DATABASE?.trim() || 'statefulset') as DatabaseMode;
  if (!DATABASE_MODES.includes(mode)) {
    throw new Error(`LMS_DATABASE is '${mode}'; set it to ${DATABASE_MODES.map((m) => `'${m}'`).join(' or ')}.`);
  }
  const restore = env.LMS_DATABASE_RESTORE?.trim() || undefined;
  if (restore !== undefined && restore !== 'latest' && !UTC_TIME.test(restore)) {
    throw new Error(
      `LMS_DATABASE_RESTORE is '${restore}'; set it to 'latest' or a UTC time like 2026-01-31T13:45:00Z.`,
    );
  }
  const objectStore = loadObjectStore(env);
  if (mode === 'cloudnative-pg' && !objectStore) {
    throw new Error(
      'cloudnative-pg mode backs up to object storage: set LMS_BACKUP_S3_ENDPOINT, LMS_BACKUP_S3_BUCKET and LMS_BACKUP_S3_SECRET.',
    );
  }
  return {
    mode,
    backup: {
      retentionDays: optionalInteger(env, 'LMS_BACKUP_RETENTION_DAYS', 1, 3650),
      minBaseBackups: optionalInteger(env, 'LMS_BACKUP_MIN_BASE_BACKUPS', 1, 100),
      objectStore,
    },
    restore,
    cloudnativePg: {
      operatorChartVersion: '0.29.0',
      barmanPluginChartVersion: '0.7.0',
    },
  };
}

function loadObjectStore(env: NodeJS.ProcessEnv): ObjectStoreTarget | undefined {
  const names = ['LMS_BACKUP_S3_ENDPOINT', 'LMS_BACKUP_S3_BUCKET', 'LMS_BACKUP_S3_SECRET'] as const;
  const [endpoint, bucket, credentialsSecretName] = names.map((name) => env[name]?.trim() || undefined);
  const set = [endpoint, bucket, credentialsSecretName].filter((value) => value !== undefined).length;
  if (set === 0) return undefined;
  if (set < names.length) throw new Error(`Object storage needs all of ${names.join(', ')}; set the missing ones.`);
  if (!/^https?:\/\/[^\s/]+/.test(endpoint!)) {
    throw new Error(`LMS_BACKUP_S3_ENDPOINT '${endpoint}' must be an http(s) URL like https://minio.example.org.`);
  }
  return { endpoint: endpoint!, bucket: bucket!, credentialsSecretName: credentialsSecretName!, region: 'us-east-1' };
}

/** A whole number from the environment when set, else undefined (the construct's default applies). */
function optionalInteger(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  return env[name]?.trim() ? envInteger(env, name, min, min, max) : undefined;
}
