import type { LmsMonitoring } from '../component-monitoring.js';
import { clusterDashboard, type ClusterJobs } from './cluster.js';
import { logsDashboard } from './logs.js';
import type { DashboardDefinition } from './panels.js';

/** What the LMS dashboards need to know about where their series come from. */
export interface LmsDashboardSources {
  /** The monitored components; each brings its own dashboards. */
  readonly components: LmsMonitoring;
  readonly cluster: ClusterJobs;
}

/** The dashboards of the "LMS" folder: the API's, the cluster's, the database's, the notices', then the API's logs. */
export function lmsDashboards(sources: LmsDashboardSources): DashboardDefinition[] {
  const { api, database, notices } = sources.components;
  return [
    ...api.dashboards,
    clusterDashboard(sources.cluster),
    ...database.dashboards,
    ...notices.dashboards,
    ...(api.logStream ? [logsDashboard(api.logStream)] : []),
  ];
}
