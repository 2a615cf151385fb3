import type { ComponentMonitoring } from '../monitoring/component-monitoring.js';
import { noticesDashboard } from '../monitoring/dashboards/notices.js';
import { ANNOTATED_PODS_JOB } from '../monitoring/prometheus-config.js';
import { noticeRules, type NoticeSeriesSelector } from '../monitoring/rules/notices.js';

/** Name of the worker's objects and its `app.kubernetes.io/name` label (the `app` label of its series). */
export const NOTICE_WORKER_NAME = 'lms-notice-worker';

export interface NoticeWorkerMonitoringProps {
  /** Namespace of the worker pods. */
  readonly namespace: string;
  /** `app.kubernetes.io/name` of the worker pods. @default NOTICE_WORKER_NAME */
  readonly name?: string;
}

/** The worker's monitoring: scraped through its pod annotations, the stalled-queue alert, the Notices dashboard. */
export function noticeWorkerMonitoring(props: NoticeWorkerMonitoringProps): ComponentMonitoring {
  const { namespace, name } = { name: NOTICE_WORKER_NAME, ...props };
  const series: NoticeSeriesSelector = { job: ANNOTATED_PODS_JOB, namespace, app: name };
  return { ruleGroups: [noticeRules(series)], dashboards: [noticesDashboard(series)] };
}
