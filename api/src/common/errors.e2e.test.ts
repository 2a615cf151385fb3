import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createActor, type Actor } from '../test/actors.js';
import { startStack, type TestStack } from '../test/api-process.js';
import type { HttpResponse } from '../test/http.js';

let stack: TestStack;
let member: Actor;

beforeAll(async () => {
  stack = await startStack();
  member = await createActor(stack, 'member');
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

function expectProblem(response: HttpResponse, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, code });
  expect(typeof response.body.type).toBe('string');
  expect(typeof response.body.title).toBe('string');
  expect(typeof response.body.detail).toBe('string');
  expect(response.text).not.toMatch(/\bat .+\.js:\d+/);
}

describe('error responses', () => {
  it('rejects malformed JSON with 400 MALFORMED_JSON', async () => {
    expectProblem(
      await stack.api.request('POST', '/api/v1/auth/login', { rawBody: '{"email":' }),
      400,
      'MALFORMED_JSON',
    );
  });

  it('rejects unknown body fields with 400 VALIDATION_FAILED and lists them', async () => {
    const response = await stack.api.request('POST', '/api/v1/auth/register', {
      body: { email: 'x@example.org', password: 'long-enough-password', name: 'X', role: 'admin' },
    });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(response.body.errors).toContainEqual({ field: 'role', message: expect.any(String) });
  });

  it('explains each invalid field', async () => {
    const response = await stack.api.request('POST', '/api/v1/auth/register', {
      body: { email: 'not-an-email', password: 'short', name: '' },
    });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['email', 'password', 'name']));
  });

  it('rejects bodies over 1 MiB with 413', async () => {
    const huge = JSON.stringify({ email: 'a@example.org', password: 'x'.repeat(1024 * 1024), name: 'n' });
    expectProblem(
      await stack.api.request('POST', '/api/v1/auth/register', { rawBody: huge }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('rejects bodies that are not JSON with 415', async () => {
    const response = await stack.api.request('POST', '/api/v1/auth/login', {
      rawBody: 'email=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects an invalid UUID in the path with 400', async () => {
    expectProblem(await stack.api.request('GET', '/api/v1/books/not-a-uuid'), 400, 'INVALID_ID');
  });

  it('answers unknown routes with 404 NOT_FOUND', async () => {
    expectProblem(await stack.api.request('GET', '/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expectProblem(await stack.api.request('DELETE', '/nowhere'), 404, 'NOT_FOUND');
  });

  it('answers a missing token with 401 UNAUTHENTICATED and a bad one with 401 INVALID_TOKEN', async () => {
    expectProblem(await stack.api.request('GET', '/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    expectProblem(await stack.api.request('GET', '/api/v1/auth/me', { token: 'abc.def.ghi' }), 401, 'INVALID_TOKEN');
  });

  it('answers a lacking role with 403 FORBIDDEN', async () => {
    expectProblem(await stack.api.request('GET', '/api/v1/users', { token: member.token }), 403, 'FORBIDDEN');
  });

  it('answers the same 401 INVALID_CREDENTIALS for an unknown email and a wrong password', async () => {
    const unknown = await stack.api.request('POST', '/api/v1/auth/login', {
      body: { email: 'nobody@example.org', password: 'whatever-password' },
    });
    const wrong = await stack.api.request('POST', '/api/v1/auth/login', {
      body: { email: member.email, password: 'wrong-password-here' },
    });
    expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
    expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    expect({ ...unknown.body, instance: undefined }).toEqual({ ...wrong.body, instance: undefined });
  });

  it('sends security headers with a content security policy', async () => {
    const response = await stack.api.request('GET', '/health/live');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends no CORS allowance by default', async () => {
    const response = await stack.api.request('OPTIONS', '/api/v1/books', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
