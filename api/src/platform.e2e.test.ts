import { describe, expect, it } from '@jest/globals';
import { useStack } from './test/use-stack.js';

const stack = useStack();

describe('platform', () => {
  it('answers liveness without the database', async () => {
    const response = await stack.api.request('GET', '/health/live');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers unknown routes with a 404 problem document', async () => {
    const response = await stack.api.request('GET', '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not Found' });
  });

  it('echoes an incoming x-request-id', async () => {
    const response = await stack.api.request('GET', '/health/live', { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
  });
});
