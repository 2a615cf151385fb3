import type { ComponentMonitoring } from '../monitoring/component-monitoring.js';
import { postgresqlDashboard } from '../monitoring/dashboards/postgresql.js';
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
}

/** PostgreSQL's monitoring: a dedicated job on the exporter sidecar, its alerts and the PostgreSQL dashboard. */
export function postgresMonitoring(props: PostgresMonitoringProps): ComponentMonitoring {
  const { namespace, name } = { name: POSTGRES_NAME, ...props };
  return {
    scrapeTarget: {
      jobName: POSTGRES_EXPORTER_JOB,
      namespace,
      matchLabels: { 'app.kubernetes.io/name': name },
      portName: EXPORTER_PORT_NAME,
    },
    ruleGroups: [postgresRules(POSTGRES_EXPORTER_JOB)],
    dashboards: [postgresqlDashboard(POSTGRES_EXPORTER_JOB)],
  };
}
