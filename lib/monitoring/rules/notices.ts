import { selector } from './promql.js';
import type { RuleGroup } from './types.js';
import { validated } from './validate.js';

/** Where the notice worker's series live: the job that scrapes it and the labels of its pods. */
export interface NoticeSeriesSelector {
  readonly job: string;
  readonly namespace: string;
  readonly app: string;
}

/** A notice waiting longer than this means mail is not going out. */
export const NOTICE_STALL_SECONDS = 15 * 60;

/** The notice worker's alert. Every replica reports the same queue (read from the database), hence `max`. */
export function noticeRules(s: NoticeSeriesSelector): RuleGroup {
  const oldest = selector('lms_notice_oldest_queued_age_seconds', { job: s.job, namespace: s.namespace, app: s.app });
  return validated({
    name: 'lms-notices',
    rules: [
      {
        alert: 'LmsNoticeQueueStalled',
        expr: `max(${oldest}) > ${NOTICE_STALL_SECONDS}`,
        for: '1m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'A notice e-mail has waited more than 15 minutes to be sent.',
          description:
            'The oldest queued notice in namespace ' +
            `${s.namespace} has waited {{ $value }} seconds: the worker is down, or SMTP refuses and the retries are backing off.`,
          runbook_url: 'https://github.com/lms-platform/lms/blob/main/docs/runbooks.md#lmsnoticequeuestalled',
        },
      },
    ],
  });
}
