import { z } from 'zod';
import { ConfigError, loadConfig, type DatabaseConfig } from '../config/app-config.js';

const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const workerSchema = z.object({
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'an smtp:// or smtps:// URL (smtps:// for TLS from the start)' }),
  MAIL_FROM: z.string().min(3).max(320),
  LIBRARY_NAME: z.string().min(1).max(200).default('The Library'),
  WORKER_PORT: integer(9465, 1, 65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NOTICE_DUE_SOON_DAYS: integer(2, 1, 30),
  NOTICE_OVERDUE_EVERY_DAYS: integer(7, 1, 90),
  NOTICE_OVERDUE_MAX: integer(3, 0, 50),
  NOTICE_SCAN_CRON: z.string().min(9).default('*/15 * * * *'),
  NOTICE_RETRY_LIMIT: integer(5, 0, 20),
  NOTICE_RETRY_DELAY_SECONDS: integer(60, 1, 3600),
  NOTICE_SEND_TIMEOUT_SECONDS: integer(300, 3, 3600),
  NOTICE_SMTP_TIMEOUT_SECONDS: integer(30, 1, 600),
  NOTICE_BATCH_SIZE: integer(20, 1, 200),
  NOTICE_POLL_SECONDS: integer(2, 1, 60),
  NOTICE_MAINTENANCE_SECONDS: integer(60, 1, 3600),
});

/** When and how often notices go out; see docs/notices.md for the schedule these produce. */
export interface NoticeSchedule {
  /** A due-soon notice is queued once a loan is due within this many days. */
  readonly dueSoonDays: number;
  /** Overdue notices repeat every this many days from the due date… */
  readonly overdueEveryDays: number;
  /** …at most this many times per loan (0: none). */
  readonly overdueMax: number;
  /** When the due-soon and overdue scan runs (cron, UTC). */
  readonly scanCron: string;
}

/** How the queue retries a notice whose SMTP delivery failed. */
export interface NoticeDelivery {
  /** Retries after the first attempt; then the notice is kept as failed. */
  readonly retryLimit: number;
  /** The first retry waits 1–2× this, each later one twice as long (pg-boss's backoff with jitter). */
  readonly retryDelaySeconds: number;
  /** A job running longer than this (a worker killed mid-send) is handed to the next attempt. */
  readonly sendTimeoutSeconds: number;
  /** Connection, greeting and socket timeout of each SMTP exchange. */
  readonly smtpTimeoutSeconds: number;
  /** Jobs fetched and sent together, over as many pooled SMTP connections. */
  readonly batchSize: number;
  readonly pollSeconds: number;
  /** How often pg-boss expires stalled jobs and archives finished ones. */
  readonly maintenanceSeconds: number;
}

export interface WorkerConfig {
  readonly database: DatabaseConfig;
  /** smtp:// (STARTTLS when the server offers it) or smtps:// (TLS from the start), credentials inside. */
  readonly smtpUrl: string;
  readonly mailFrom: string;
  readonly libraryName: string;
  /** Metrics and health probes. */
  readonly port: number;
  readonly logLevel: string;
  readonly schedule: NoticeSchedule;
  readonly delivery: NoticeDelivery;
}

/** The worker's configuration, read once at boot; every invalid variable is listed in one `ConfigError`. */
export function loadWorkerConfig(source: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const blankAsUnset = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const problems: string[] = [];
  let database: DatabaseConfig | undefined;
  try {
    database = loadConfig(source, { requireJwtSecret: false }).database;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const parsed = workerSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`));
  }
  if (!parsed.success || !database || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  // Connecting, the greeting and each reply may each take the SMTP timeout: a job is handed to the next
  // attempt only once the first can no longer succeed, so a slow send is never doubled.
  if (env.NOTICE_SEND_TIMEOUT_SECONDS <= 3 * env.NOTICE_SMTP_TIMEOUT_SECONDS) {
    throw new ConfigError(['NOTICE_SEND_TIMEOUT_SECONDS: must exceed three times NOTICE_SMTP_TIMEOUT_SECONDS']);
  }
  return {
    database,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    libraryName: env.LIBRARY_NAME,
    port: env.WORKER_PORT,
    logLevel: env.LOG_LEVEL,
    schedule: {
      dueSoonDays: env.NOTICE_DUE_SOON_DAYS,
      overdueEveryDays: env.NOTICE_OVERDUE_EVERY_DAYS,
      overdueMax: env.NOTICE_OVERDUE_MAX,
      scanCron: env.NOTICE_SCAN_CRON,
    },
    delivery: {
      retryLimit: env.NOTICE_RETRY_LIMIT,
      retryDelaySeconds: env.NOTICE_RETRY_DELAY_SECONDS,
      sendTimeoutSeconds: env.NOTICE_SEND_TIMEOUT_SECONDS,
      smtpTimeoutSeconds: env.NOTICE_SMTP_TIMEOUT_SECONDS,
      batchSize: env.NOTICE_BATCH_SIZE,
      pollSeconds: env.NOTICE_POLL_SECONDS,
      maintenanceSeconds: env.NOTICE_MAINTENANCE_SECONDS,
    },
  };
}
