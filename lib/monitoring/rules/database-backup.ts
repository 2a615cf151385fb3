import { selector } from './promql.js';
import type { RuleGroup } from './types.js';
import { validated } from './validate.js';

/** Where the series of the database's backups and replicas come from. */
export interface DatabaseBackupSeries {
  /** Job scraping postgres-exporter (StatefulSet mode) or the CloudNativePG instances (same job). */
  readonly exporterJob: string;
  /** Job scraping kube-state-metrics, whose Job series prove the StatefulSet mode's backups. */
  readonly kubeStateMetricsJob: string;
  /** Namespace of the database. */
  readonly namespace: string;
  /** CronJob of the StatefulSet mode's base backups; its Jobs are named `<cronJob>-<n>`. */
  readonly backupCronJob: string;
  /** A base backup older than this is an alert: the nightly schedule plus 2 hours. @default 26 * 3600 */
  readonly maxBackupAgeSeconds?: number;
  /** Replication lag of a standby that is an alert. @default 30 */
  readonly maxReplicationLagSeconds?: number;
}

const RUNBOOK = 'https://github.com/lms-platform/lms/blob/main/docs/runbooks.md';

/**
 * Backup, WAL archive and replication alerts of both database modes. Each expression reads the
 * series of either mode (`or`), so the rules are the same whatever `database.mode` is:
 * the completion time of the backup CronJob's last successful Job or the Barman Cloud plugin's
 * last available backup; postgres-exporter's or CloudNativePG's pg_stat_archiver and lag.
 */
export function databaseBackupRules(series: DatabaseBackupSeries): RuleGroup {
  const maxAge = series.maxBackupAgeSeconds ?? 26 * 3600;
  const maxLag = series.maxReplicationLagSeconds ?? 30;
  const q = databaseBackupQueries(series);
  return validated({
    name: 'database-backups',
    rules: [
      {
        alert: 'LmsBackupTooOld',
        expr: `time() - (${q.lastBackupTimestamp} or vector(0)) > ${maxAge}`,
        for: '15m',
        labels: { severity: 'critical' },
        annotations: {
          summary: 'The last successful base backup of PostgreSQL is too old.',
          description: `The newest successful base backup is {{ $value }} s old (limit ${maxAge} s); a restore would replay more WAL than planned, or find nothing.`,
          runbook_url: `${RUNBOOK}#lmsbackuptooold`,
        },
      },
      {
        alert: 'LmsWalArchiveFailing',
        expr: `${q.archiveFailures('10m')} > 0`,
        for: '10m',
        labels: { severity: 'critical' },
        annotations: {
          summary: 'PostgreSQL cannot archive WAL.',
          description:
            'WAL archiving on {{ $labels.pod }} failed {{ $value }} times in 10 minutes, for 10 minutes: point-in-time recovery stops at the last archived segment and pg_wal fills up.',
          runbook_url: `${RUNBOOK}#lmswalarchivefailing`,
        },
      },
      {
        alert: 'LmsReplicationLagHigh',
        expr: `${q.replicationLag} > ${maxLag}`,
        for: '5m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'A PostgreSQL standby lags behind its primary.',
          description: `Standby {{ $labels.pod }} is {{ $value }} s behind (limit ${maxLag} s); a failover now would take longer.`,
          runbook_url: `${RUNBOOK}#lmsreplicationlaghigh`,
        },
      },
    ],
  });
}

/** The expressions the alerts and the PostgreSQL dashboard share, reading either mode's series. */
export function databaseBackupQueries(series: DatabaseBackupSeries) {
  const exporter = (metric: string) => selector(metric, { job: series.exporterJob, namespace: series.namespace });
  // Kubernetes sets a Job's completion time only when it succeeds: a failed backup never refreshes it.
  const backupJobDone = selector('kube_job_status_completion_time', {
    job: series.kubeStateMetricsJob,
    namespace: series.namespace,
    job_name: `=~${series.backupCronJob}-.+`,
  });
  const pluginBackup = exporter('barman_cloud_cloudnative_pg_io_last_available_backup_timestamp');
  return {
    /** Unix time of the newest successful base backup. */
    lastBackupTimestamp: `max(${backupJobDone} or ${pluginBackup})`,
    /** Failed WAL archive attempts per pod within `range`. */
    archiveFailures: (range: string) =>
      `sum by (namespace, pod) (increase(${exporter('pg_stat_archiver_failed_count')}[${range}])\n` +
      `  or increase(${exporter('cnpg_pg_stat_archiver_failed_count')}[${range}]))`,
    /** Seconds each standby is behind its primary. */
    replicationLag:
      `max by (namespace, pod) (${exporter('cnpg_pg_replication_lag')}\n` +
      `  or ${exporter('pg_replication_lag_seconds')})`,
  };
}
