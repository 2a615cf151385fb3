import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createActor, createActors, sql, type Actor } from '../test/actors.js';
import { waitFor } from '../test/api-process.js';
import { addBook } from '../test/loan-fixtures.js';
import { startSmtpCatcher, type SmtpCatcher } from '../test/smtp-catcher.js';
import { useStack } from '../test/use-stack.js';
import { startWorkerProcess, type WorkerProcess } from '../test/worker-process.js';
import { createJobWriter } from './notice-queue.js';
import { scanNotices } from './notice-scan.js';

const SCHEDULE = { dueSoonDays: 2, overdueEveryDays: 7, overdueMax: 3, scanCron: '0 0 29 2 1' };

const stack = useStack();
let smtp: SmtpCatcher;
let pool: pg.Pool;
let librarian: Actor;
let member: Actor;
const jobs = createJobWriter();

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  pool = new pg.Pool({ connectionString: stack.pg.url, max: 2 });
  // The stack's PostgreSQL may stop before this pool ends; its idle clients then see the shutdown.
  pool.on('error', () => undefined);
  [librarian, member] = await createActors(stack, 'librarian', 'member');
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await smtp?.close();
});

async function lendOne(borrower: Actor, dueAt: string): Promise<string> {
  const book = await addBook(stack, 1);
  const [loan] = await sql<{ id: string }>(
    stack,
    `INSERT INTO loans (user_id, book_id, copy_id, loaned_at, due_at)
     VALUES ($1, $2, $3, now() - interval '30 days', $4::timestamptz) RETURNING id`,
    [borrower.id, book.bookId, book.copyIds[0], dueAt],
  );
  return loan.id;
}

const startWorker = (env: Record<string, string> = {}): Promise<WorkerProcess> =>
  startWorkerProcess({ ...stack.env, SMTP_URL: smtp.url, ...env });

describe('the notices routes', () => {
  let failedId: string;

  it('keeps a notice as failed after the last retry and lists it for librarians', async () => {
    smtp.refuse(true);
    const worker = await startWorker({ NOTICE_RETRY_LIMIT: '1' });
    try {
      const loanId = await lendOne(member, new Date(Date.now() - 3 * 86_400_000).toISOString());
      expect((await scanNotices(pool, jobs, SCHEDULE)).overdue).toBe(1);
      await waitFor(
        async () =>
          (await sql(stack, `SELECT 1 FROM notices WHERE loan_id = $1 AND status = 'failed'`, [loanId])).length === 1,
        { timeoutMs: 30_000, what: 'the notice kept as failed' },
      );
      const failed = await stack.api.request('GET', '/api/v1/notices?status=failed', { token: librarian.token });
      expect(failed.status).toBe(200);
      const notice = failed.body.items.find((item: { loanId: string }) => item.loanId === loanId);
      expect(notice).toMatchObject({ type: 'overdue', status: 'failed', attempts: 2, userId: member.id });
      expect(notice.lastError).toMatch(/451/);
      failedId = notice.id;
      const metrics = await worker.get('/metrics');
      expect(metrics.text).toMatch(/lms_notices_total\{type="overdue",outcome="failed"\} 1/);
      expect(metrics.text).toMatch(/lms_notices_total\{type="overdue",outcome="retried"\} 1/);
    } finally {
      smtp.refuse(false);
      await worker.stop('SIGTERM');
    }
  }, 60_000);

  it('refuses the list to members and unknown statuses with problem+json codes', async () => {
    const forbidden = await stack.api.request('GET', '/api/v1/notices?status=failed', { token: member.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const invalid = await stack.api.request('GET', '/api/v1/notices?status=lost', { token: librarian.token });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
  });

  it('resends a failed notice once, and says when it is already queued', async () => {
    const resent = await stack.api.request('POST', `/api/v1/notices/${failedId}/resend`, { token: librarian.token });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: failedId, status: 'queued' });
    const again = await stack.api.request('POST', `/api/v1/notices/${failedId}/resend`, { token: librarian.token });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOTICE_ALREADY_QUEUED');
    const unknown = await stack.api.request('POST', `/api/v1/notices/${crypto.randomUUID()}/resend`, {
      token: librarian.token,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOTICE_NOT_FOUND');
    const byMember = await stack.api.request('POST', `/api/v1/notices/${failedId}/resend`, { token: member.token });
    expect(byMember.status).toBe(403);

    const worker = await startWorker();
    try {
      await waitFor(async () => smtp.mails.some((mail) => mail.messageId === `<${failedId}@notices.lms>`), {
        what: 'the resent mail',
      });
      const mine = await stack.api.request('GET', `/api/v1/users/${member.id}/notices`, { token: member.token });
      expect(mine.status).toBe(200);
      expect(mine.body.items.find((item: { id: string }) => item.id === failedId)).toMatchObject({
        status: 'sent',
        attempts: 3,
        lastError: null,
      });
      expect(smtp.mails.filter((mail) => mail.messageId === `<${failedId}@notices.lms>`)).toHaveLength(1);
    } finally {
      await worker.stop('SIGTERM');
    }
  }, 60_000);

  it("shows a member's notices to the member and librarians, and 404 to other members", async () => {
    const other = await createActor(stack);
    const own = await stack.api.request('GET', `/api/v1/users/${member.id}/notices`, { token: member.token });
    expect(own.body.total).toBeGreaterThanOrEqual(1);
    const staff = await stack.api.request('GET', `/api/v1/users/${member.id}/notices`, { token: librarian.token });
    expect(staff.body.total).toBe(own.body.total);
    const stranger = await stack.api.request('GET', `/api/v1/users/${member.id}/notices`, { token: other.token });
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('USER_NOT_FOUND');
  });

  it('lets a member opt out of due-soon reminders, and no reminder is queued for them', async () => {
    const optingOut = await createActor(stack);
    const path = `/api/v1/users/${optingOut.id}/notice-preferences`;
    expect((await stack.api.request('GET', path, { token: optingOut.token })).body).toEqual({ dueSoon: true });
    const byLibrarian = await stack.api.request('PATCH', path, { token: librarian.token, body: { dueSoon: false } });
    expect(byLibrarian.status).toBe(403);
    const invalid = await stack.api.request('PATCH', path, { token: optingOut.token, body: { dueSoon: 'no' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    const changed = await stack.api.request('PATCH', path, { token: optingOut.token, body: { dueSoon: false } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ dueSoon: false });

    await lendOne(optingOut, new Date(Date.now() + 86_400_000).toISOString());
    await lendOne(member, new Date(Date.now() + 86_400_000).toISOString());
    await scanNotices(pool, jobs, SCHEDULE);
    const queued = await sql<{ userId: string }>(
      stack,
      `SELECT user_id AS "userId" FROM notices WHERE type = 'due_soon' AND user_id = ANY($1::uuid[])`,
      [[optingOut.id, member.id]],
    );
    expect(queued.map((row) => row.userId)).toEqual([member.id]);
  });
});
