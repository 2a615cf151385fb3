/**
 * `node dist/worker.js` (`npm run worker -w api`): sends the queued notice e-mails and runs the scheduled
 * due-soon and overdue scan. Same image as the API; metrics and probes on WORKER_PORT.
 */
import 'reflect-metadata';
import nodemailer from 'nodemailer';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { ConfigError } from './config/app-config.js';
import { connectionConfig } from './database/connection-config.js';
import { createLogger } from './observability/logger.js';
import {
  SCAN_NOTICES_QUEUE,
  SEND_NOTICE_QUEUE,
  createJobWriter,
  installNoticeQueues,
  queueConnection,
  type SendNoticeJob,
} from './notices/notice-queue.js';
import { scanNotices } from './notices/notice-scan.js';
import { sendNotice } from './notices/notice-sender.js';
import { loadWorkerConfig, type WorkerConfig } from './notices/worker-config.js';
import { createWorkerMetrics } from './notices/worker-metrics.js';
import { startWorkerServer } from './notices/worker-server.js';

async function startWorker(config: WorkerConfig, logger: Logger): Promise<() => Promise<void>> {
  const { delivery } = config;
  await installNoticeQueues(config.database);
  const pool = new pg.Pool({ ...connectionConfig(config.database), max: 4, application_name: 'lms-worker' });
  pool.on('error', (error) => logger.error({ err: error }, 'idle database connection failed'));
  const metrics = createWorkerMetrics(pool);
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    pool: true,
    maxConnections: delivery.batchSize,
    connectionTimeout: delivery.smtpTimeoutSeconds * 1000,
    greetingTimeout: delivery.smtpTimeoutSeconds * 1000,
    socketTimeout: delivery.smtpTimeoutSeconds * 1000,
  });
  const boss = new PgBoss({
    ...queueConnection(config.database, 'lms-worker-queue'),
    max: 4,
    migrate: false,
    supervise: true,
    schedule: true,
    maintenanceIntervalSeconds: delivery.maintenanceSeconds,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'queue error'));
  await boss.start();
  await boss.updateQueue(SEND_NOTICE_QUEUE, {
    name: SEND_NOTICE_QUEUE,
    retryLimit: delivery.retryLimit,
    retryDelay: delivery.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: delivery.sendTimeoutSeconds,
  });
  const props = { pool, transport, mailFrom: config.mailFrom, libraryName: config.libraryName, metrics, logger };
  await boss.work<SendNoticeJob>(
    SEND_NOTICE_QUEUE,
    { includeMetadata: true, batchSize: delivery.batchSize, pollingIntervalSeconds: delivery.pollSeconds },
    // Each job of the batch succeeds or fails on its own; pg-boss completes the ones still active.
    (jobs) =>
      Promise.all(
        jobs.map((job) =>
          sendNotice(props, job).catch((error: unknown) =>
            boss.fail(SEND_NOTICE_QUEUE, job.id, { message: error instanceof Error ? error.message : String(error) }),
          ),
        ),
      ),
  );
  const writer = createJobWriter();
  await boss.work(SCAN_NOTICES_QUEUE, async () => {
    const result = await scanNotices(pool, writer, config.schedule);
    logger.info(result, 'notice scan done');
  });
  await boss.schedule(SCAN_NOTICES_QUEUE, config.schedule.scanCron, {}, { tz: 'UTC' });

  let stopping = false;
  const server = await startWorkerServer({
    port: config.port,
    registry: metrics.registry,
    ready: async () => !stopping && (await pool.query('SELECT 1')).rowCount === 1,
  });
  logger.info({ port: config.port, schedule: config.schedule, delivery }, 'worker started');
  return async () => {
    stopping = true;
    await boss.stop({ graceful: true, wait: true, timeout: delivery.smtpTimeoutSeconds * 3000 });
    transport.close();
    await pool.end();
    await new Promise((resolve) => server.close(resolve));
  };
}

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger(config.logLevel);
  const stop = await startWorker(config, logger);
  let started = false;
  const shutdown = (signal: string) => {
    if (started) return;
    started = true;
    logger.info({ signal }, 'worker stopping; jobs in flight finish first');
    stop()
      .then(() => {
        logger.info('worker stopped');
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'worker shutdown failed');
        logger.flush();
        process.exit(1);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(JSON.stringify({ level: 'fatal', msg: 'worker startup failed', error: String(error) }));
  }
  process.exit(1);
});
