import { z } from 'zod';

const integer = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  PORT: integer(8000, 1, 65535),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PGHOST: z.string().min(1).optional(),
  PGPORT: integer(5432, 1, 65535),
  PGUSER: z.string().min(1).optional(),
  PGPASSWORD: z.string().optional(),
  PGDATABASE: z.string().min(1).optional(),
  DB_POOL_MAX: integer(10, 1, 200),
  DB_CONNECT_TIMEOUT_MS: integer(2000, 100, 60000),
  DB_STATEMENT_TIMEOUT_MS: integer(10000, 100, 600000),
  JWT_SECRET: z.string().optional(),
  JWT_EXPIRES_IN_SECONDS: integer(900, 60, 86400),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_DELAY_MS: integer(5000, 0, 120000),
  AUTH_RATE_LIMIT_PER_MINUTE: integer(10, 0),
  CORS_ORIGINS: z.string().default(''),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2}|[\d.:/a-fA-F, ]+)$/, 'true, false, a hop count, or a comma-separated list of CIDRs')
    .default('false'),
  FINE_BLOCK_THRESHOLD_CENTS: integer(500, 1, 10000000),
  HOLD_PICKUP_DAYS: integer(7, 1, 60),
  HOLD_MAINTENANCE_INTERVAL_SECONDS: integer(60, 0, 86400),
});

/**
 * What borrowing needs beyond the circulation rules table (loan periods, limits and fines live there,
 * per patron category and item type).
 */
export interface LoanSettings {
  /** Unpaid fines from which a member can neither borrow nor place holds, whatever their category. */
  readonly fineBlockThresholdCents: number;
}

export interface HoldSettings {
  /** Days a copy set aside for a hold waits on the hold shelf before the hold expires. */
  readonly pickupDays: number;
  /** How often each replica runs the hold maintenance pass (expiry); 0 turns the schedule off. */
  readonly maintenanceIntervalSeconds: number;
}

export interface DatabaseConfig {
  /** A connection string, or undefined when the PG* variables are used. */
  readonly url?: string;
  readonly host?: string;
  readonly port: number;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
  readonly poolMax: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
}

export interface AppConfig {
  readonly env: 'development' | 'test' | 'production';
  readonly port: number;
  readonly database: DatabaseConfig;
  readonly jwt: { readonly secret: string; readonly expiresInSeconds: number };
  readonly logLevel: string;
  readonly shutdownDelayMs: number;
  readonly authRateLimitPerMinute: number;
  readonly corsOrigins: readonly string[];
  /** Fastify's `trustProxy`: whether (or which hops) to believe X-Forwarded-For for the client IP. */
  readonly trustProxy: boolean | number | string;
  readonly loans: LoanSettings;
  readonly holds: HoldSettings;
}

/** Thrown at boot with every missing or invalid variable listed, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Development only: a fixed, clearly non-production secret so `npm run dev` needs no setup. */
const DEVELOPMENT_JWT_SECRET = 'development-only-secret-never-used-in-production';

/** Checks that span variables, run even when single variables are invalid so every problem is listed. */
function crossFieldProblems(env: Record<string, string | undefined>, options: LoadConfigOptions): string[] {
  const problems: string[] = [];
  if (!env.DATABASE_URL && !env.PGHOST) problems.push('DATABASE_URL: set DATABASE_URL or the PG* variables');
  const mode = env.NODE_ENV ?? 'production';
  if (options.requireJwtSecret !== false && mode !== 'development' && Buffer.byteLength(env.JWT_SECRET ?? '') < 32) {
    problems.push('JWT_SECRET: required, at least 32 bytes');
  }
  return problems;
}

export interface LoadConfigOptions {
  /** The migration and seed commands never sign tokens. @default true */
  readonly requireJwtSecret?: boolean;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): AppConfig {
  const blankAsUnset = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(blankAsUnset);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`)),
    ...crossFieldProblems(blankAsUnset, options),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    database: {
      url: env.DATABASE_URL,
      host: env.PGHOST,
      port: env.PGPORT,
      user: env.PGUSER,
      password: env.PGPASSWORD,
      database: env.PGDATABASE,
      poolMax: env.DB_POOL_MAX,
      connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
    },
    jwt: { secret: env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET, expiresInSeconds: env.JWT_EXPIRES_IN_SECONDS },
    logLevel: env.LOG_LEVEL,
    shutdownDelayMs: env.SHUTDOWN_DELAY_MS,
    authRateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
    corsOrigins: env.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    loans: {
      fineBlockThresholdCents: env.FINE_BLOCK_THRESHOLD_CENTS,
    },
    holds: {
      pickupDays: env.HOLD_PICKUP_DAYS,
      maintenanceIntervalSeconds: env.HOLD_MAINTENANCE_INTERVAL_SECONDS,
    },
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
