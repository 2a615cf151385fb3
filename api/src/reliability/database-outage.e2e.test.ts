import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { sql } from '../test/actors.js';
import { startStack, waitFor, type TestStack } from '../test/api-process.js';
import { addBook } from '../test/loan-fixtures.js';
import { reportFigures } from './figures.js';
import { INTACT, loanIntegrity } from './integrity.js';
import { insertUsers, type TokenUser } from './members.js';
import { latencySummary, SteadyLoad, type Sample } from './steady-load.js';

const OUTAGE_MS = 10_000;
const WORKERS = 10;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('PostgreSQL stopped for 10 s under steady load', () => {
  it('keeps the process alive, fails fast with 503 DATABASE_UNAVAILABLE, recovers without restart and loses no acknowledged write', async () => {
    const pid = stack.api.child.pid;
    const members = await insertUsers(stack, WORKERS);
    const { bookId } = await addBook(stack, WORKERS * 6);
    const api = stack.api;

    // What the API acknowledged (2xx): checked against the database at the end.
    const registered: string[] = [];
    const lent: string[] = [];
    const returned: string[] = [];
    const outstanding = new Map<number, string>();

    // Worker 0 registers accounts, workers 1-6 borrow and return, the rest read the book.
    const load = new SteadyLoad({
      concurrency: WORKERS,
      step: async (worker) => {
        if (worker === 0) {
          const body = { email: `outage-${randomUUID()}@example.org`, password: `pw-${randomUUID()}`, name: 'Outage' };
          const response = await api.request('POST', '/api/v1/auth/register', { body });
          if (response.status === 201) registered.push(response.body.id);
          return { kind: 'register', response };
        }
        const member: TokenUser = members[worker];
        if (worker <= 6) {
          const loanId = outstanding.get(worker);
          if (loanId) {
            const response = await api.request('POST', `/api/v1/loans/${loanId}/return`, { token: member.token });
            if (response.status === 200) {
              returned.push(loanId);
              outstanding.delete(worker);
            }
            return { kind: 'return', response };
          }
          const response = await api.request('POST', '/api/v1/loans', { token: member.token, body: { bookId } });
          if (response.status === 201) {
            lent.push(response.body.id);
            outstanding.set(worker, response.body.id);
          }
          return { kind: 'checkout', response };
        }
        return { kind: 'read', response: await api.request('GET', `/api/v1/books/${bookId}`) };
      },
    });
    const probe = (path: string) =>
      new SteadyLoad({
        concurrency: 1,
        pauseMs: 100,
        step: async () => ({ kind: path, response: await api.request('GET', path) }),
      });
    const readiness = probe('/health/ready');
    const liveness = probe('/health/live');

    await new Promise((resolve) => setTimeout(resolve, 3000));
    const stopStarted = Date.now();
    await stack.pg.stop();
    const stopped = Date.now();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (stopped - stopStarted)));
    const restartStarted = Date.now();
    await stack.pg.start();
    const restarted = Date.now();
    const readyAfterRestartMs = await waitFor(
      async () => readiness.samples.some((sample) => sample.startedAt >= restarted && sample.status === 200),
      { timeoutMs: 15_000, intervalMs: 20, what: 'readiness after PostgreSQL restarted' },
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await Promise.all([load.stop(), readiness.stop(), liveness.stop()]);
    const recoveredAt = readiness.samples.find((sample) => sample.startedAt >= restarted && sample.status === 200)!;

    const firstNotReady = readiness.samples.find((sample) => sample.startedAt >= stopStarted && sample.status === 503);
    const readyTurned503Ms = firstNotReady ? firstNotReady.startedAt + firstNotReady.latencyMs - stopStarted : Infinity;
    const duringOutage = (sample: Sample) => sample.startedAt >= stopped && sample.startedAt < restartStarted;
    const outageSamples = load.samples.filter(duringOutage);
    const outageFailures = outageSamples.filter((sample) => sample.status >= 400);
    const wrongFailures = outageSamples.filter(
      (sample) =>
        sample.status !== 503 ||
        sample.code !== 'DATABASE_UNAVAILABLE' ||
        !sample.contentType?.startsWith('application/problem+json'),
    );
    const afterRecovery = load.samples.filter((sample) => sample.startedAt >= recoveredAt.startedAt + 1000);
    const [present] = await sql(
      stack,
      `SELECT (SELECT count(*)::int FROM users WHERE id = ANY($1::uuid[])) AS registered,
              (SELECT count(*)::int FROM loans WHERE id = ANY($2::uuid[])) AS lent,
              (SELECT count(*)::int FROM loans WHERE id = ANY($3::uuid[]) AND returned_at IS NOT NULL) AS returned`,
      [registered, lent, returned],
    );
    const figures = {
      requests: load.samples.length,
      requestsDuringOutage: outageSamples.length,
      failedDuringOutage: outageFailures.length,
      notDatabaseUnavailable503: wrongFailures.length,
      maxLatencyDuringOutageMs: latencySummary(outageSamples).max,
      readyTurned503Ms,
      readyAfterRestartMs,
      liveNot200: liveness.samples.filter((sample) => sample.status !== 200).length,
      liveProbes: liveness.samples.length,
      failuresAfterRecovery: afterRecovery.filter((sample) => sample.status >= 500 || sample.status === 0).length,
      acknowledgedWrites: registered.length + lent.length + returned.length,
      acknowledgedWritesMissing:
        registered.length - present.registered + (lent.length - present.lent) + (returned.length - present.returned),
    };
    reportFigures('database outage', figures);

    expect(api.child.pid).toBe(pid);
    expect(api.child.exitCode).toBeNull();
    expect(figures.liveNot200).toBe(0);
    expect(readyTurned503Ms).toBeLessThanOrEqual(2000);
    expect(readyAfterRestartMs).toBeLessThanOrEqual(5000);
    expect(outageSamples.length).toBeGreaterThan(100);
    expect(wrongFailures.slice(0, 5)).toEqual([]);
    expect(figures.maxLatencyDuringOutageMs).toBeLessThan(1000);
    expect(figures.failuresAfterRecovery).toBe(0);
    expect(afterRecovery.filter((sample) => sample.status < 300).length).toBeGreaterThan(0);
    expect(figures.acknowledgedWritesMissing).toBe(0);
    expect(await loanIntegrity(stack)).toMatchObject(INTACT);
  }, 90_000);
});
