import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createActor, sql, type Actor } from '../test/actors.js';
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
let worker: WorkerProcess;
let pool: pg.Pool;
const jobs = createJobWriter();

const workerEnv = () => ({ ...stack.env, SMTP_URL: smtp.url, NOTICE_BATCH_SIZE: '50' });

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  pool = new pg.Pool({ connectionString: stack.pg.url, max: 2 });
  // The stack's PostgreSQL may stop before this pool ends; its idle clients then see the shutdown.
  pool.on('error', () => undefined);
  worker = await startWorkerProcess(workerEnv());
}, 60_000);

afterAll(async () => {
  await worker?.stop('SIGKILL');
  await pool?.end();
  await smtp?.close();
});

/** `count` open loans of `member`, each of its own new book, due `dueInHours` from now. */
async function lend(member: Actor, count: number, dueInHours: number): Promise<string[]> {
  const book = await addBook(stack, count);
  const rows = await sql<{ id: string }>(
    stack,
    `INSERT INTO loans (user_id, book_id, copy_id, loaned_at, due_at)
     SELECT $1, $2, c, now() - interval '20 days', now() + $4 * interval '1 hour' FROM unnest($3::uuid[]) AS c
     RETURNING id`,
    [member.id, book.bookId, book.copyIds, dueInHours],
  );
  await sql(stack, `UPDATE copies SET status = 'on_loan' WHERE id = ANY($1::uuid[])`, [book.copyIds]);
  return rows.map((row) => row.id);
}

const noticesOf = (member: Actor) =>
  sql<{ id: string; status: string; attempts: number; type: string }>(
    stack,
    `SELECT id, status, attempts, type FROM notices WHERE user_id = $1 ORDER BY created_at`,
    [member.id],
  );
const mailsTo = (member: Actor) => smtp.mails.filter((mail) => mail.to.includes(member.email));
const settle = () => new Promise((resolve) => setTimeout(resolve, 2500));

describe('notice e-mails through the queue and the worker process', () => {
  it('sends exactly one hold-ready mail, queued by the return that made the hold ready', async () => {
    const [borrower, holder] = [await createActor(stack), await createActor(stack, 'member', 'Katherine Johnson')];
    const { bookId } = await addBook(stack, 1);
    const post = (path: string, actor: Actor, body?: unknown) =>
      stack.api.request('POST', `/api/v1${path}`, { token: actor.token, body });
    const loan = await post('/loans', borrower, { bookId });
    expect(loan.status).toBe(201);
    const hold = await post('/holds', holder, { bookId });
    expect(hold.body.status).toBe('waiting');
    expect(await noticesOf(holder)).toEqual([]);

    expect((await post(`/loans/${loan.body.id}/return`, borrower)).status).toBe(200);
    // Committed with the return: the notice exists as soon as the request answered.
    const [recorded] = await sql<{ holdId: string; type: string }>(
      stack,
      `SELECT hold_id AS "holdId", type FROM notices WHERE user_id = $1`,
      [holder.id],
    );
    expect(recorded).toEqual({ holdId: hold.body.id, type: 'hold_ready' });

    await waitFor(async () => mailsTo(holder).length === 1, { what: 'the hold-ready mail' });
    await settle();
    const mails = mailsTo(holder);
    expect(mails).toHaveLength(1);
    const [ready] = await sql<{ title: string; pickupBy: Date }>(
      stack,
      `SELECT b.title, h.pickup_by AS "pickupBy" FROM holds h JOIN books b ON b.id = h.book_id WHERE h.id = $1`,
      [hold.body.id],
    );
    const pickupDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone: 'UTC' }).format(ready.pickupBy);
    expect(mails[0].subject).toBe(`Ready for you: ${ready.title} (Test Library)`);
    for (const body of [mails[0].text, mails[0].html]) {
      expect(body).toContain('Katherine Johnson');
      expect(body).toContain(ready.title);
      expect(body).toContain(pickupDate);
      expect(body).toContain('Test Library');
    }
    expect((await noticesOf(holder))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('queues a hold-ready notice when a hold is placed on a title with a copy on the shelf', async () => {
    const holder = await createActor(stack);
    const { bookId } = await addBook(stack, 1);
    const hold = await stack.api.request('POST', '/api/v1/holds', { token: holder.token, body: { bookId } });
    expect(hold.body.status).toBe('ready');
    expect((await noticesOf(holder)).map((notice) => notice.type)).toEqual(['hold_ready']);
    await waitFor(async () => mailsTo(holder).length === 1, { what: 'the hold-ready mail' });
  });

  it('sends exactly one due-soon mail with the member, the title, the due date and the library', async () => {
    const member = await createActor(stack, 'member', 'Grace Hopper');
    const [loanId] = await lend(member, 1, 30);
    const first = await scanNotices(pool, jobs, SCHEDULE);
    expect(first.dueSoon).toBeGreaterThanOrEqual(1);
    await scanNotices(pool, jobs, SCHEDULE);
    await waitFor(async () => mailsTo(member).length === 1, { what: 'the due-soon mail' });
    await settle();
    const mails = mailsTo(member);
    expect(mails).toHaveLength(1);
    const [title] = await sql<{ title: string; due: Date }>(
      stack,
      `SELECT b.title, l.due_at AS due FROM loans l JOIN books b ON b.id = l.book_id WHERE l.id = $1`,
      [loanId],
    );
    const dueDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone: 'UTC' }).format(title.due);
    expect(mails[0].subject).toBe(`Due soon: ${title.title} (Test Library)`);
    expect(mails[0].from).toContain('notices@library.test');
    for (const body of [mails[0].text, mails[0].html]) {
      expect(body).toContain('Grace Hopper');
      expect(body).toContain(title.title);
      expect(body).toContain(dueDate);
      expect(body).toContain('Test Library');
    }
    const [notice] = await noticesOf(member);
    expect(notice).toMatchObject({ type: 'due_soon', status: 'sent', attempts: 1 });
    expect(mails[0].messageId).toBe(`<${notice.id}@notices.lms>`);
  });

  it('loses nothing and doubles nothing while SMTP refuses for a while, then recovers', async () => {
    const member = await createActor(stack);
    smtp.refuse(true);
    try {
      await lend(member, 5, 20);
      await scanNotices(pool, jobs, SCHEDULE);
      await waitFor(async () => (await noticesOf(member)).every((notice) => notice.attempts >= 2), {
        timeoutMs: 30_000,
        what: 'two refused attempts per notice',
      });
      expect(mailsTo(member)).toHaveLength(0);
    } finally {
      smtp.refuse(false);
    }
    await waitFor(async () => (await noticesOf(member)).every((notice) => notice.status === 'sent'), {
      timeoutMs: 30_000,
      what: 'every notice sent after the recovery',
    });
    await settle();
    const notices = await noticesOf(member);
    expect(notices).toHaveLength(5);
    const ids = mailsTo(member).map((mail) => mail.messageId);
    expect(ids.sort()).toEqual(notices.map((notice) => `<${notice.id}@notices.lms>`).sort());
  }, 90_000);

  it('sends a notice once when the worker is SIGKILLed mid-send and restarted', async () => {
    const member = await createActor(stack);
    smtp.holdData(true);
    const heldBefore = smtp.held();
    await lend(member, 1, 10);
    await scanNotices(pool, jobs, SCHEDULE);
    await waitFor(async () => smtp.held() > heldBefore, { what: 'the worker to be mid-send' });
    await worker.stop('SIGKILL');
    smtp.holdData(false);
    worker = await startWorkerProcess(workerEnv());
    await waitFor(async () => (await noticesOf(member))[0]?.status === 'sent', {
      timeoutMs: 30_000,
      what: 'the notice sent by the restarted worker',
    });
    await settle();
    expect(mailsTo(member)).toHaveLength(1);
  }, 90_000);

  it('drains 1,000 due-soon notices', async () => {
    const member = await createActor(stack);
    await lend(member, 1000, 40);
    const started = Date.now();
    const scanned = await scanNotices(pool, jobs, SCHEDULE);
    const scannedMs = Date.now() - started;
    expect(scanned.dueSoon).toBe(1000);
    await waitFor(async () => mailsTo(member).length >= 1000, {
      timeoutMs: 240_000,
      intervalMs: 250,
      what: '1,000 mails',
    });
    const drainedMs = Date.now() - started;
    console.log(
      `1,000 due-soon notices: scan ${scannedMs} ms, drained in ${drainedMs} ms (${Math.round(1000 / (drainedMs / 1000))} mails/s)`,
    );
    await settle();
    expect(mailsTo(member)).toHaveLength(1000);
    const [counts] = await sql<{ sent: number }>(
      stack,
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent FROM notices WHERE user_id = $1`,
      [member.id],
    );
    expect(counts.sent).toBe(1000);
  }, 300_000);
});
