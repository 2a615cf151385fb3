import type { ComponentMonitoring } from '../monitoring/component-monitoring.js';
import { applicationDashboard } from '../monitoring/dashboards/application.js';
import { ANNOTATED_PODS_JOB } from '../monitoring/prometheus-config.js';
import { apiRules, type ApiSeriesSelector } from '../monitoring/rules/api.js';
import { sloDashboard } from '../monitoring/dashboards/slo.js';
import { lmsObjectives } from '../monitoring/slo/lms-objectives.js';
import { sloRules } from '../monitoring/slo/rules.js';

/** Name of the API's objects and its `app.kubernetes.io/name` label (the `app` label of its series). */
export const API_NAME = 'lms-api';

/** Where the API runs. */
export interface ApiMonitoringProps {
  /** Namespace of the API pods. */
  readonly namespace: string;
  /** `app.kubernetes.io/name` of the API pods. @default API_NAME */
  readonly name?: string;
}

/**
 * The API's monitoring: scraped through its pod annotations; its recording rules and alerts, the rules and
 * burn-rate alerts of its service level objectives; the Application and SLO dashboards.
 */
export function apiMonitoring(props: ApiMonitoringProps): ComponentMonitoring {
  const { namespace, name } = { name: API_NAME, ...props };
  const series: ApiSeriesSelector = { job: ANNOTATED_PODS_JOB, namespace, app: name };
  const objectives = lmsObjectives(series);
  return {
    ruleGroups: [apiRules(series), ...objectives.map((slo) => sloRules(slo))],
    dashboards: [applicationDashboard(series), sloDashboard(objectives)],
    logStream: { namespace, app: name },
  };
}
