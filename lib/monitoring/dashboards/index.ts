import type { ApiSeriesSelector } from '../rules/api.js';
import { applicationDashboard } from './application.js';
import { clusterDashboard, type ClusterJobs } from './cluster.js';
import { logsDashboard } from './logs.js';
import type { DashboardDefinition } from './panels.js';
import { postgresqlDashboard } from './postgresql.js';
import { sloDashboard } from './slo.js';
import { lmsObjectives } from '../slo/lms-objectives.js';

/** What the LMS dashboards need to know about where their series come from. */
export interface LmsDashboardSources {
  readonly api: ApiSeriesSelector;
  readonly postgresJob: string;
  readonly cluster: ClusterJobs;
}

/** The dashboards of the "LMS" folder. */
export function lmsDashboards(sources: LmsDashboardSources): DashboardDefinition[] {
  return [
    applicationDashboard(sources.api),
    clusterDashboard(sources.cluster),
    postgresqlDashboard(sources.postgresJob),
    logsDashboard({ namespace: sources.api.namespace, app: sources.api.app }),
    sloDashboard(lmsObjectives(sources.api)),
  ];
}
