import type { ComponentMonitoring } from '../monitoring/component-monitoring.js';
import { postgresqlDashboard } from '../monitoring/dashboards/postgresql.js';
import { KUBE_STATE_METRICS_JOB } from '../monitoring/kube-state-metrics.js';
import { cloudNativePgCompatibilityRules } from '../monitoring/rules/cloudnative-pg.js';
import { databaseBackupRules, type DatabaseBackupSeries } from '../monitoring/rules/database-backup.js';
import { postgresRules } from '../monitoring/rules/postgres.js';

/** Name of the StatefulSet and Service, i.e. the host name clients connect to, and `app.kubernetes.io/name`. */
export const POSTGRES_NAME = 'postgres';
/** The `job` label of postgres-exporter's series. */
export const POSTGRES_EXPORTER_JOB = 'postgres-exporter';
/** Name of the exporter's container and Service port. */
export const EXPORTER_PORT_NAME = 'metrics';

/** Where PostgreSQL runs. */
export interface PostgresMonitoringProps {
  /** Namespace of the database pod. */
  readonly namespace: string;
  /** `app.kubernetes.io/name` of the database pod. @default POSTGRES_NAME */
  readonly name?: string;
  /** CronJob of the StatefulSet mode's base backups, whose successful Jobs prove a backup. @default 'postgres-backup' */
  readonly backupCronJob?: string;
}

/**
 * PostgreSQL's monitoring, the same in both database modes: a dedicated job on the exporter sidecar
 * or the CloudNativePG instances (both label their pods `app.kubernetes.io/name` and name the port
 * `metrics`), the rules that give CloudNativePG's series the exporter's names, the alerts and the
 * PostgreSQL dashboard.
 */
export function postgresMonitoring(props: PostgresMonitoringProps): ComponentMonitoring {
  const { namespace, name, backupCronJob } = { name: POSTGRES_NAME, backupCronJob: 'postgres-backup', ...props };
  const backups: DatabaseBackupSeries = {
    exporterJob: POSTGRES_EXPORTER_JOB,
    kubeStateMetricsJob: KUBE_STATE_METRICS_JOB,
    namespace,
    backupCronJob,
  };
  return {
    scrapeTarget: {
      jobName: POSTGRES_EXPORTER_JOB,
      namespace,
      matchLabels: { 'app.kubernetes.io/name': name },
      portName: EXPORTER_PORT_NAME,
    },
    ruleGroups: [
      postgresRules(POSTGRES_EXPORTER_JOB),
      cloudNativePgCompatibilityRules(POSTGRES_EXPORTER_JOB),
      databaseBackupRules(backups),
    ],
    dashboards: [postgresqlDashboard(POSTGRES_EXPORTER_JOB, backups)],
  };
}
