import { describe, expect, it } from '@jest/globals';
import { waitFor } from '../test/api-process.js';
import { useStack } from '../test/use-stack.js';

const stack = useStack();

describe('health', () => {
  it('answers liveness with 200 and readiness with 200 while the database is up', async () => {
    expect((await stack.api.request('GET', '/health/live')).status).toBe(200);
    const ready = await stack.api.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.database.status).toBe('up');
  });

  it('turns readiness to 503 when PostgreSQL stops and back to 200 when it returns, in the same process', async () => {
    const pid = stack.api.child.pid;
    await stack.pg.stop();
    try {
      const down = await stack.api.request('GET', '/health/ready');
      expect(down.status).toBe(503);
      expect(down.headers.get('content-type')).toContain('application/problem+json');
      expect(down.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
      const live = await stack.api.request('GET', '/health/live');
      expect(live.status).toBe(200);
    } finally {
      await stack.pg.start();
    }
    await waitFor(async () => (await stack.api.request('GET', '/health/ready')).status === 200, {
      timeoutMs: 10_000,
      what: 'readiness after PostgreSQL restarted',
    });
    expect(stack.api.child.pid).toBe(pid);
    expect(stack.api.child.exitCode).toBeNull();
  }, 60_000);
});
