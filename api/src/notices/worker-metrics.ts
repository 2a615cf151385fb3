import type pg from 'pg';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { NOTICE_OLDEST_QUEUED_AGE, NOTICE_QUEUE_DEPTH, NOTICES_TOTAL } from '../observability/metric-names.js';
import { NOTICE_TYPES } from './notice.view.js';
import { queuedNoticesStatement } from './notices.sql.js';
import { run } from './worker-sql.js';

/** sent; retried (an attempt failed, another follows); failed (the last one did); duplicate (already sent). */
export const NOTICE_OUTCOMES = ['sent', 'retried', 'failed', 'duplicate'] as const;
export type NoticeOutcome = (typeof NOTICE_OUTCOMES)[number];

export interface WorkerMetrics {
  readonly registry: Registry;
  readonly notices: Counter<'type' | 'outcome'>;
}

/** The worker's registry: notices by outcome, and the queue read from the notices table at each scrape. */
export function createWorkerMetrics(pool: pg.Pool): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const notices = new Counter({
    name: NOTICES_TOTAL,
    help: 'Notice e-mail attempts by notice type and outcome.',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
  // Every series exists from the start at 0, so rates and alerts see a first failure as an increase.
  for (const type of NOTICE_TYPES) for (const outcome of NOTICE_OUTCOMES) notices.inc({ type, outcome }, 0);
  let latest: Promise<{ depth: number; oldestSeconds: number }> | undefined;
  // Both gauges come from one statement per scrape.
  const queued = () => {
    latest ??= run(pool, queuedNoticesStatement())
      .then(([row]) => row)
      .finally(() => setImmediate(() => (latest = undefined)));
    return latest;
  };
  new Gauge({
    name: NOTICE_QUEUE_DEPTH,
    help: 'Notices queued and not yet sent (retries waiting included).',
    registers: [registry],
    async collect() {
      this.set((await queued()).depth);
    },
  });
  new Gauge({
    name: NOTICE_OLDEST_QUEUED_AGE,
    help: 'Seconds since the oldest notice still waiting was queued (0 when none waits).',
    registers: [registry],
    async collect() {
      this.set((await queued()).oldestSeconds);
    },
  });
  return { registry, notices };
}
