import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createActor } from '../test/actors.js';
import { useStack } from '../test/use-stack.js';

const stack = useStack();

const metricLines = async (prefix: string) =>
  (await stack.api.request('GET', '/metrics')).text.split('\n').filter((line) => line.startsWith(prefix));

describe('metrics', () => {
  it('labels the latency histogram with the route template, never the raw id', async () => {
    const librarian = await createActor(stack, 'librarian');
    const created = await stack.api.request('POST', '/api/v1/books', {
      token: librarian.token,
      body: { isbn: '9780306406157', title: 'Metrics', author: 'Prom' },
    });
    expect(created.status).toBe(201);
    expect((await stack.api.request('GET', `/api/v1/books/${created.body.id}`)).status).toBe(200);
    expect((await stack.api.request('GET', `/api/v1/books/${randomUUID()}`)).status).toBe(404);

    const lines = await metricLines('http_request_duration_seconds_count');
    expect(lines.some((line) => line.includes('route="/api/v1/books/:id"') && line.includes('status_code="200"'))).toBe(
      true,
    );
    expect(lines.some((line) => line.includes('status_code="404"'))).toBe(true);
    expect(lines.some((line) => line.includes(created.body.id))).toBe(false);
  });

  it('counts rejected requests too: a 401 series exists after an anonymous call', async () => {
    expect((await stack.api.request('GET', '/api/v1/auth/me')).status).toBe(401);
    const lines = await metricLines('http_request_duration_seconds_count');
    expect(lines.some((line) => line.includes('route="/api/v1/auth/me"') && line.includes('status_code="401"'))).toBe(
      true,
    );
  });

  it('keeps probes and scrapes out of the histogram', async () => {
    await stack.api.request('GET', '/health/live');
    await stack.api.request('GET', '/health/ready');
    const lines = await metricLines('http_request_duration_seconds_count');
    expect(lines.some((line) => /route="\/(metrics|health)/.test(line))).toBe(false);
  });

  it('exports the pool gauges and default process metrics', async () => {
    const pool = await metricLines('lms_db_pool_connections');
    expect(pool.map((line) => line.match(/state="(\w+)"/)?.[1]).sort()).toEqual(['idle', 'total', 'waiting']);
    expect((await metricLines('process_resident_memory_bytes')).length).toBe(1);
    expect((await metricLines('nodejs_eventloop_lag_seconds')).length).toBe(1);
  });
});

describe('request logs', () => {
  it('writes one JSON line per request with reqId, route, status and no password', async () => {
    const password = `secret-${randomUUID()}`;
    const email = `log-${randomUUID()}@example.org`;
    await stack.api.request('POST', '/api/v1/auth/register', {
      body: { email, password, name: 'Logger' },
      headers: { 'x-request-id': 'log-test-1' },
    });
    await stack.api.request('POST', '/api/v1/auth/login', {
      body: { email, password: 'wrong-password-123' },
      headers: { 'x-request-id': 'log-test-2' },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const line = stack.api.logs.find((entry) => entry.reqId === 'log-test-1');
    expect(line).toMatchObject({
      level: 'info',
      method: 'POST',
      route: '/api/v1/auth/register',
      statusCode: 201,
    });
    expect(typeof line?.time).toBe('string');
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
    expect(typeof line?.responseTime).toBe('number');
    expect(stack.api.logs.find((entry) => entry.reqId === 'log-test-2')?.statusCode).toBe(401);
    const everything = JSON.stringify(stack.api.logs);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain('wrong-password-123');
  });

  it('records the user id of authenticated requests and never the Authorization header', async () => {
    const member = await createActor(stack, 'member');
    await stack.api.request('GET', '/api/v1/auth/me', { token: member.token, headers: { 'x-request-id': 'log-me' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stack.api.logs.find((entry) => entry.reqId === 'log-me')?.userId).toBe(member.id);
    expect(JSON.stringify(stack.api.logs)).not.toContain(member.token);
  });

  it('does not log probes', async () => {
    await stack.api.request('GET', '/health/live', { headers: { 'x-request-id': 'probe-1' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stack.api.logs.some((entry) => entry.reqId === 'probe-1')).toBe(false);
  });
});
