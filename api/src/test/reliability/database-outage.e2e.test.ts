import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { sql } from '../actors.js';
import { startApiProcess, waitFor, type ApiProcess } from '../api-process.js';
import { useStack } from '../use-stack.js';
import { addBook } from '../loan-fixtures.js';
import { reportFigures } from './figures.js';
import { INTACT, loanIntegrity } from './integrity.js';
import { insertUsers, type TokenUser } from './members.js';
import { latencySummary, SteadyLoad, type Sample } from './steady-load.js';

const WORKERS = 10;

const stack = useStack();

interface Outage {
  readonly name: string;
  /** Breaks the database; resolves once it is broken. */
  readonly begin: () => Promise<void>;
  /** Mends it; resolves once the server runs again. */
  readonly end: () => Promise<void>;
  readonly durationMs: number;
}

/**
 * Steady load on `api` (worker 0 registers accounts, workers 1-6 borrow and return, the rest read a
 * book) with readiness and liveness probed every 100 ms, while the database is broken for a while.
 */
async function underOutage(api: ApiProcess, outage: Outage) {
  const members = await insertUsers(stack, WORKERS);
  const { bookId } = await addBook(stack, WORKERS * 6);
  // What the API acknowledged (2xx): checked against the database at the end.
  const registered: string[] = [];
  const lent: string[] = [];
  const returned: string[] = [];
  const outstanding = new Map<number, string>();
  const unknownOutcome = new Set<string>();
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
          if (response.status === 503) unknownOutcome.add(loanId);
          // A return answered 503 because its statement timed out on the frozen server may still have
          // committed once the server resumed: the retry then rightly finds the loan returned.
          if (
            response.status === 409 &&
            response.body?.code === 'LOAN_ALREADY_RETURNED' &&
            unknownOutcome.has(loanId)
          ) {
            outstanding.delete(worker);
            return { kind: 'return retried after an unknown outcome', response };
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
  const breakStarted = Date.now();
  await outage.begin();
  const broken = Date.now();
  await new Promise((resolve) => setTimeout(resolve, outage.durationMs - (broken - breakStarted)));
  const repairStarted = Date.now();
  await outage.end();
  const repaired = Date.now();
  const readyAfterRepairMs = await waitFor(
    async () => readiness.samples.some((sample) => sample.startedAt >= repaired && sample.status === 200),
    { timeoutMs: 15_000, intervalMs: 20, what: 'readiness after the database came back' },
  );
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await Promise.all([load.stop(), readiness.stop(), liveness.stop()]);
  const recoveredAt = readiness.samples.find((sample) => sample.startedAt >= repaired && sample.status === 200)!;

  // The first 503 answered after the break (the probe in flight at that moment counts: it is the one
  // that waited on the broken database).
  const firstNotReady = readiness.samples
    .filter((sample) => sample.startedAt + sample.latencyMs >= breakStarted && sample.status === 503)
    .sort((a, b) => a.startedAt + a.latencyMs - (b.startedAt + b.latencyMs))[0];
  const duringOutage = (sample: Sample) => sample.startedAt >= broken && sample.startedAt < repairStarted;
  const outageSamples = load.samples.filter(duringOutage);
  const wrongFailures = outageSamples.filter(
    (sample) =>
      sample.status >= 300 &&
      sample.kind !== 'return retried after an unknown outcome' &&
      (sample.status !== 503 ||
        sample.code !== 'DATABASE_UNAVAILABLE' ||
        !sample.contentType?.startsWith('application/problem+json')),
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
    outageMs: repairStarted - broken,
    requests: load.samples.length,
    requestsDuringOutage: outageSamples.length,
    failedDuringOutage: outageSamples.filter((sample) => sample.status >= 400 || sample.status === 0).length,
    notDatabaseUnavailable503: wrongFailures.length,
    maxLatencyDuringOutageMs: latencySummary(outageSamples).max,
    readyTurned503Ms: firstNotReady ? firstNotReady.startedAt + firstNotReady.latencyMs - breakStarted : Infinity,
    readyAfterRepairMs,
    liveNot200: liveness.samples.filter((sample) => sample.status !== 200).length,
    liveProbes: liveness.samples.length,
    failuresAfterRecovery: afterRecovery.filter((sample) => sample.status >= 500 || sample.status === 0).length,
    succeededAfterRecovery: afterRecovery.filter((sample) => sample.status < 300).length,
    acknowledgedWrites: registered.length + lent.length + returned.length,
    acknowledgedWritesMissing:
      registered.length - present.registered + (lent.length - present.lent) + (returned.length - present.returned),
  };
  reportFigures(outage.name, figures);
  return { figures, wrongFailures };
}

describe('PostgreSQL stopped for 10 s under steady load', () => {
  it('keeps the process alive, fails fast with 503 DATABASE_UNAVAILABLE, recovers without restart and loses no acknowledged write', async () => {
    const pid = stack.api.child.pid;
    const { figures, wrongFailures } = await underOutage(stack.api, {
      name: 'database outage',
      begin: () => stack.pg.stop(),
      end: () => stack.pg.start(),
      durationMs: 10_000,
    });
    expect(stack.api.child.pid).toBe(pid);
    expect(stack.api.child.exitCode).toBeNull();
    expect(figures.liveNot200).toBe(0);
    expect(figures.readyTurned503Ms).toBeLessThanOrEqual(2000);
    expect(figures.readyAfterRepairMs).toBeLessThanOrEqual(5000);
    expect(figures.requestsDuringOutage).toBeGreaterThan(100);
    // A stopped server refuses connections: every request of the outage fails, fast.
    expect(figures.failedDuringOutage).toBe(figures.requestsDuringOutage);
    expect(wrongFailures.slice(0, 5)).toEqual([]);
    expect(figures.maxLatencyDuringOutageMs).toBeLessThan(1000);
    expect(figures.failuresAfterRecovery).toBe(0);
    expect(figures.succeededAfterRecovery).toBeGreaterThan(0);
    expect(figures.acknowledgedWritesMissing).toBe(0);
    expect(await loanIntegrity(stack)).toMatchObject(INTACT);
  }, 90_000);
});

describe('PostgreSQL frozen (SIGSTOP) for 12 s under steady load', () => {
  // A frozen server (or a partition without a reset) accepts TCP and never answers: nothing is refused,
  // so only the client's timeouts end the wait. Shorter timeouts than the defaults keep the test short;
  // the bound below is computed from them.
  const STATEMENT_TIMEOUT_MS = 1000;
  const CONNECT_TIMEOUT_MS = 1000;

  it('answers every request within its timeouts with 503 DATABASE_UNAVAILABLE instead of hanging, then recovers', async () => {
    const api = await startApiProcess({
      ...stack.env,
      DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    });
    try {
      const { figures, wrongFailures } = await underOutage(api, {
        name: 'database frozen',
        begin: async () => stack.pg.freeze(),
        end: async () => stack.pg.thaw(),
        durationMs: 12_000,
      });
      // Waiting for a pooled connection, one query and the rollback of its transaction, each bounded.
      const queryTimeoutMs = STATEMENT_TIMEOUT_MS + 1000;
      const boundMs = CONNECT_TIMEOUT_MS + 2 * queryTimeoutMs + 1000;
      reportFigures('database frozen bound', { boundMs });
      expect(figures.liveNot200).toBe(0);
      expect(figures.readyTurned503Ms).toBeLessThanOrEqual(2000);
      expect(figures.readyAfterRepairMs).toBeLessThanOrEqual(5000);
      expect(wrongFailures.slice(0, 5)).toEqual([]);
      expect(figures.failedDuringOutage).toBeGreaterThan(0);
      expect(figures.maxLatencyDuringOutageMs).toBeLessThan(boundMs);
      expect(figures.failuresAfterRecovery).toBe(0);
      expect(figures.succeededAfterRecovery).toBeGreaterThan(0);
      expect(figures.acknowledgedWritesMissing).toBe(0);
      expect(await loanIntegrity(stack)).toMatchObject(INTACT);
    } finally {
      stack.pg.thaw();
      await api.stop('SIGKILL');
    }
  }, 90_000);
});
