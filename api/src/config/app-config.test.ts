import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

const minimal = { NODE_ENV: 'production', PGHOST: 'db', JWT_SECRET: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config.port).toBe(8000);
    expect(config.database.poolMax).toBe(10);
    expect(config.shutdownDelayMs).toBe(5000);
    expect(config.authRateLimitPerMinute).toBe(10);
    expect(config.corsOrigins).toEqual([]);
    expect(config.jwt.expiresInSeconds).toBe(900);
    expect(config.loans).toEqual({ fineBlockThresholdCents: 500 });
    expect(config.holds).toEqual({ pickupDays: 7, maintenanceIntervalSeconds: 60 });
  });

  it('lists every missing or invalid variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'eighty', DB_POOL_MAX: '0', JWT_SECRET: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT:/m);
    expect(problems).toMatch(/^DB_POOL_MAX:/m);
    expect(problems).toMatch(/^DATABASE_URL:/m);
    expect(problems).toMatch(/^JWT_SECRET:/m);
  });

  it('requires a JWT secret of at least 32 bytes outside development only', () => {
    expect(() => loadConfig({ ...minimal, JWT_SECRET: 'x'.repeat(31) })).toThrow(ConfigError);
    expect(() => loadConfig({ ...minimal, NODE_ENV: 'development', JWT_SECRET: '' })).not.toThrow();
    expect(loadConfig({ ...minimal, JWT_SECRET: undefined }, { requireJwtSecret: false }).database.host).toBe('db');
  });

  it('accepts DATABASE_URL instead of the PG variables and rejects other schemes', () => {
    const url = 'postgresql://u:p@db:5432/lms';
    expect(loadConfig({ ...minimal, PGHOST: undefined, DATABASE_URL: url }).database.url).toBe(url);
    expect(() => loadConfig({ ...minimal, DATABASE_URL: 'mysql://db/lms' })).toThrow(/DATABASE_URL/);
  });

  it('reads the CORS allowlist, the fine threshold and the hold settings', () => {
    const config = loadConfig({
      ...minimal,
      CORS_ORIGINS: 'https://a.example, https://b.example',
      FINE_BLOCK_THRESHOLD_CENTS: '300',
      HOLD_PICKUP_DAYS: '3',
      HOLD_MAINTENANCE_INTERVAL_SECONDS: '0',
      AUTH_RATE_LIMIT_PER_MINUTE: '0',
    });
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.loans.fineBlockThresholdCents).toBe(300);
    expect(config.holds).toEqual({ pickupDays: 3, maintenanceIntervalSeconds: 0 });
    expect(config.authRateLimitPerMinute).toBe(0);
  });
});
