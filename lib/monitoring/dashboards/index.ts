import type { ApiSeriesSelector } from '../rules/api.js';
import type { DatabaseBackupSeries } from '../rules/database-backup.js';
import { applicationDashboard } from './application.js';
import { clusterDashboard, type ClusterJobs } from './cluster.js';
import { logsDashboard } from './logs.js';
import type { DashboardDefinition } from './panels.js';
import { postgresqlDashboard } from './postgresql.js';

/** What the LMS dashboards need to know about where their series come from. */
export interface LmsDashboardSources {
  readonly api: ApiSeriesSelector;
  readonly postgresJob: string;
  /** Backup, WAL archive and replica series of the database, in either mode. */
  readonly databaseBackups: DatabaseBackupSeries;
  readonly cluster: ClusterJobs;
}

/** The four dashboards of the "LMS" folder. */
export function lmsDashboards(sources: LmsDashboardSources): DashboardDefinition[] {
  return [
    applicationDashboard(sources.api),
    clusterDashboard(sources.cluster),
    postgresqlDashboard(sources.postgresJob, sources.databaseBackups),
    logsDashboard({ namespace: sources.api.namespace, app: sources.api.app }),
  ];
}
