import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { renderNotice } from './notice-templates.js';
import type { SendNoticeJob } from './notice-queue.js';
import { markAttemptFailedStatement, markSentStatement, noticeContentStatement } from './notices.sql.js';
import type { NoticeOutcome, WorkerMetrics } from './worker-metrics.js';
import { run } from './worker-sql.js';

export interface NoticeSenderProps {
  readonly pool: pg.Pool;
  readonly transport: Transporter;
  readonly mailFrom: string;
  readonly libraryName: string;
  readonly metrics: WorkerMetrics;
  readonly logger: Logger;
}

/**
 * Sends the notice of one job. A notice already sent is skipped, so a job run twice (a worker killed
 * after the SMTP server accepted, before the row said so) is the only way a member gets two mails.
 * Throws when SMTP fails, so pg-boss retries the job; the last failure keeps the notice as failed.
 */
export async function sendNotice(
  props: NoticeSenderProps,
  job: PgBoss.JobWithMetadata<SendNoticeJob>,
): Promise<NoticeOutcome> {
  const { pool, metrics, logger } = props;
  const [notice] = await run(pool, noticeContentStatement(job.data.noticeId));
  if (!notice || notice.status !== 'queued') {
    metrics.notices.inc({ type: notice?.type ?? 'unknown', outcome: 'duplicate' });
    return 'duplicate';
  }
  const mail = renderNotice(
    {
      type: notice.type,
      memberName: notice.memberName,
      title: notice.title,
      date: notice.date,
      overdueNumber: notice.overdueNumber,
    },
    props.libraryName,
  );
  try {
    await props.transport.sendMail({
      from: props.mailFrom,
      to: { name: notice.memberName, address: notice.email },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // The same Message-ID on every attempt lets a receiving system drop a duplicate.
      messageId: `<${notice.id}@notices.lms>`,
    });
  } catch (error) {
    const final = job.retryCount >= job.retryLimit;
    const reason = error instanceof Error ? error.message : String(error);
    await run(pool, markAttemptFailedStatement(notice.id, reason, final));
    const outcome = final ? 'failed' : 'retried';
    metrics.notices.inc({ type: notice.type, outcome });
    logger.warn(
      { noticeId: notice.id, type: notice.type, attempt: job.retryCount + 1, outcome, reason },
      'notice not sent',
    );
    throw error;
  }
  await run(pool, markSentStatement(notice.id, mail.subject));
  metrics.notices.inc({ type: notice.type, outcome: 'sent' });
  logger.info({ noticeId: notice.id, type: notice.type, attempt: job.retryCount + 1 }, 'notice sent');
  return 'sent';
}
