import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parseAllDocuments } from 'yaml';
import { startApiProcess, waitFor, type ApiProcess } from '../api-process.js';
import { useStack } from '../use-stack.js';
import type { HttpResponse } from '../http.js';
import { addBook } from '../loan-fixtures.js';
import { reportFigures } from './figures.js';
import { insertUsers } from './members.js';
import { latencySummary, SteadyLoad } from './steady-load.js';

/** What the synthesized chart gives the API pod (dist/lms), so the test holds the API to it. */
function chartShutdownBudget(): { shutdownDelayMs: number; gracePeriodSeconds: number; preStopMs: number } {
  const read = (file: string) =>
    parseAllDocuments(
      readFileSync(fileURLToPath(new URL(`../../../../dist/lms/${file}`, import.meta.url)), 'utf8'),
    ).map((document) => document.toJS())[0];
  const deployment = read('Deployment.lms-api.k8s.yaml');
  const configMap = read('ConfigMap.lms-api.k8s.yaml');
  const container = deployment.spec.template.spec.containers.find((c: { name: string }) => c.name === 'api');
  const preStop = (container.lifecycle?.preStop?.exec?.command ?? []).join(' ');
  return {
    shutdownDelayMs: Number(configMap.data.SHUTDOWN_DELAY_MS),
    gracePeriodSeconds: deployment.spec.template.spec.terminationGracePeriodSeconds,
    preStopMs: Number(/setTimeout\(\(\) => \{\}, (\d+)\)|sleep (\d+)/.exec(preStop)?.[1] ?? 0),
  };
}

const stack = useStack();

describe('SIGTERM under 50 connections of load', () => {
  it('fails readiness at once, finishes in-flight requests, loses nothing for a client that follows readiness, exits 0 within the grace period', async () => {
    const budget = chartShutdownBudget();
    expect(budget.shutdownDelayMs).toBeGreaterThan(0);
    // Kubernetes sends SIGTERM after the preStop hook; SIGKILL follows at the end of the grace period.
    const exitBudgetMs = budget.gracePeriodSeconds * 1000 - budget.preStopMs;
    const api: ApiProcess = await startApiProcess({ ...stack.env, SHUTDOWN_DELAY_MS: String(budget.shutdownDelayMs) });
    const connections = 50;
    const members = await insertUsers(stack, connections + 1);
    const { bookId } = await addBook(stack, connections * 2);

    // The load balancer: routes new requests only while it last saw readiness 200.
    let routable = true;
    const readiness = new SteadyLoad({
      concurrency: 1,
      pauseMs: 50,
      step: async () => {
        const response = await api.request('GET', '/health/ready');
        if (response.status !== 200) routable = false;
        return { kind: 'ready', response };
      },
    });
    const held = new Map<number, string>();
    const load = new SteadyLoad({
      concurrency: connections,
      pauseMs: 0,
      step: async (worker) => {
        if (!routable) return undefined;
        const member = members[worker];
        const loanId = held.get(worker);
        if (worker % 2 === 0) return { kind: 'read', response: await api.request('GET', `/api/v1/books/${bookId}`) };
        if (loanId) {
          const response = await api.request('POST', `/api/v1/loans/${loanId}/return`, { token: member.token });
          if (response.status === 200) held.delete(worker);
          return { kind: 'return', response };
        }
        const response = await api.request('POST', '/api/v1/loans', { token: member.token, body: { bookId } });
        if (response.status === 201) held.set(worker, response.body.id);
        return { kind: 'checkout', response };
      },
    });

    // A loan whose row the test locks, so its return is provably in flight when the server closes.
    const slowMember = members[connections];
    const slowLoan = (await api.request('POST', '/api/v1/loans', { token: slowMember.token, body: { bookId } })).body;
    const locker = new pg.Client({ connectionString: stack.pg.url });
    await locker.connect();

    await new Promise((resolve) => setTimeout(resolve, 2000));
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM loans WHERE id = $1 FOR UPDATE', [slowLoan.id]);
    const sigterm = Date.now();
    api.child.kill('SIGTERM');
    const exited = api.exited.then((code) => ({ code, afterMs: Date.now() - sigterm }));
    await waitFor(async () => !routable, { timeoutMs: 5000, intervalMs: 5, what: 'readiness to fail' });
    const readyFailedMs = Date.now() - sigterm;

    // Endpoints take a moment to drop a pod: a request that still arrives during the delay is served.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, budget.shutdownDelayMs / 2 - (Date.now() - sigterm))),
    );
    const straggler = await api.request('GET', `/api/v1/books/${bookId}`);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, budget.shutdownDelayMs - 1000 - (Date.now() - sigterm))),
    );
    const inFlight: Promise<HttpResponse> = api.request('POST', `/api/v1/loans/${slowLoan.id}/return`, {
      token: slowMember.token,
    });
    // Held until the server has begun closing (after the delay), then released.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, budget.shutdownDelayMs + 1000 - (Date.now() - sigterm))),
    );
    await locker.query('COMMIT');
    await locker.end();
    const slowReturn = await inFlight;
    const slowReturnAnsweredMs = Date.now() - sigterm;
    const exit = await exited;
    await Promise.all([load.stop(), readiness.stop()]);

    const failed = load.samples.filter((sample) => sample.status === 0 || sample.status >= 500);
    const unexpected = load.samples.filter((sample) => sample.status >= 400 && sample.status < 500);
    const afterSigterm = load.samples.filter((sample) => sample.startedAt >= sigterm);
    reportFigures('graceful shutdown', {
      connections,
      requests: load.samples.length,
      startedAfterSigterm: afterSigterm.length,
      failed: failed.length,
      latencyMs: latencySummary(load.samples),
      readyFailedMs,
      stragglerStatus: straggler.status,
      inFlightReturnStatus: slowReturn.status,
      inFlightReturnAnsweredMs: slowReturnAnsweredMs,
      exitCode: exit.code,
      exitAfterMs: exit.afterMs,
      exitBudgetMs,
      shutdownDelayMs: budget.shutdownDelayMs,
    });
    expect(readyFailedMs).toBeLessThan(1000);
    expect(straggler.status).toBe(200);
    expect(slowReturnAnsweredMs).toBeGreaterThan(budget.shutdownDelayMs);
    expect(slowReturn.status).toBe(200);
    expect(slowReturn.body.returnedAt).not.toBeNull();
    expect(failed.slice(0, 5)).toEqual([]);
    expect(unexpected.slice(0, 5)).toEqual([]);
    expect(load.samples.length).toBeGreaterThan(100);
    expect(exit.code).toBe(0);
    expect(exit.afterMs).toBeGreaterThanOrEqual(budget.shutdownDelayMs);
    expect(exit.afterMs).toBeLessThan(exitBudgetMs);
  }, 90_000);
});
