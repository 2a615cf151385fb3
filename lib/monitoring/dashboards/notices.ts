import { selector } from '../rules/promql.js';
import { NOTICE_STALL_SECONDS, type NoticeSeriesSelector } from '../rules/notices.js';
import { finish, lmsDashboard, promQueries, timeSeries, type DashboardDefinition } from './panels.js';

/** The Notices dashboard: mails by type and outcome, and the queue the worker drains. */
export function noticesDashboard(s: NoticeSeriesSelector): DashboardDefinition {
  const m = (metric: string): string => selector(metric, { job: s.job, namespace: s.namespace, app: s.app });
  const builder = lmsDashboard('lms-notices', 'LMS / Notices', `E-mail notices sent by ${s.app}, and its queue.`)
    .withPanel(
      timeSeries({
        title: 'Notices by type and outcome',
        description:
          'Attempts per minute: sent, retried (SMTP failed, another attempt follows), failed (the last one did).',
        unit: 'short',
        width: 24,
        targets: promQueries([
          `sum by (type, outcome) (rate(${m('lms_notices_total')}[$__rate_interval])) * 60`,
          '{{type}} {{outcome}}',
        ]),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Queue depth',
        description: 'Notices queued and not yet sent, retries waiting included.',
        unit: 'short',
        targets: promQueries([`max(${m('lms_notice_queue_depth')})`, 'queued']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Oldest waiting notice',
        description: `Age of the oldest queued notice; the LmsNoticeQueueStalled alert fires above ${NOTICE_STALL_SECONDS / 60} minutes.`,
        unit: 's',
        targets: promQueries(
          [`max(${m('lms_notice_oldest_queued_age_seconds')})`, 'oldest'],
          [`vector(${NOTICE_STALL_SECONDS})`, 'alert threshold'],
        ),
      }),
    );
  return finish(builder, 'lms-notices');
}
