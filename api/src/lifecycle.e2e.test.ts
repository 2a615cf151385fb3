import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { startApiProcess, waitFor } from './test/api-process.js';
import { useStack } from './test/use-stack.js';

const stack = useStack();

describe('process lifecycle', () => {
  it('refuses to boot with invalid configuration and names every problem', async () => {
    const api = await startApiProcess(
      { NODE_ENV: 'production', PORT: '70000', DB_POOL_MAX: 'many' },
      { waitUntilReady: false },
    );
    expect(await api.exited).toBe(1);
    const message = api.stderr();
    for (const variable of ['PORT', 'DB_POOL_MAX', 'DATABASE_URL', 'JWT_SECRET']) expect(message).toContain(variable);
  });

  it('answers 429 problem+json past the auth rate limit', async () => {
    const api = await startApiProcess({ ...stack.env, AUTH_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const body = { email: `nobody-${randomUUID()}@example.org`, password: 'wrong-password-1' };
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        statuses.push((await api.request('POST', '/api/v1/auth/login', { body })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const limited = await api.request('POST', '/api/v1/auth/login', { body });
      expect(limited.headers.get('content-type')).toContain('application/problem+json');
      expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect((await api.request('GET', '/health/live')).status).toBe(200);
    } finally {
      await api.stop('SIGKILL');
    }
  }, 30_000);

  it('on SIGTERM fails readiness at once, keeps serving during the delay, then exits 0', async () => {
    const api = await startApiProcess({ ...stack.env, SHUTDOWN_DELAY_MS: '1500' });
    const started = Date.now();
    api.child.kill('SIGTERM');
    await waitFor(async () => (await api.request('GET', '/health/ready')).status === 503, {
      timeoutMs: 1000,
      intervalMs: 10,
      what: 'readiness to fail',
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await api.request('GET', '/health/live')).status).toBe(200);
    expect(await api.exited).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  }, 30_000);
});
