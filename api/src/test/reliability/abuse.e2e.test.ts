import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createActor, sql } from '../actors.js';
import { startApiProcess, startStack, type ApiProcess, type TestStack } from '../api-process.js';
import { responseAudit, type HttpResponse } from '../http.js';
import { reportFigures, statusCounts } from './figures.js';

const LIMIT = 5;

let stack: TestStack;
let limited: ApiProcess;
/** Every response this file receives, for the leak checks at the end. */
const seen: HttpResponse[] = [];
const keep = <T extends HttpResponse>(response: T): T => {
  seen.push(response);
  return response;
};

beforeAll(async () => {
  stack = await startStack();
  limited = await startApiProcess({ ...stack.env, AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
}, 60_000);

afterAll(async () => {
  await limited?.stop('SIGKILL');
  await stack?.close();
});

describe('login rate limit', () => {
  it(`answers 429 problem+json past ${LIMIT} attempts a minute, even to the right password or a forged X-Forwarded-For`, async () => {
    const email = `victim-${randomUUID()}@example.org`;
    const password = `pw-${randomUUID()}`;
    // Registered on the unlimited process, so the limited one's budget is all for the attack.
    keep(await stack.api.request('POST', '/api/v1/auth/register', { body: { email, password, name: 'Victim' } }));
    const guesses: HttpResponse[] = [];
    for (let attempt = 0; attempt < LIMIT + 5; attempt++) {
      guesses.push(
        keep(
          await limited.request('POST', '/api/v1/auth/login', { body: { email, password: `guess-${attempt}-xxxx` } }),
        ),
      );
    }
    expect(guesses.map(({ status }) => status)).toEqual([...Array(LIMIT).fill(401), ...Array(5).fill(429)]);
    const rejected = guesses[LIMIT];
    expect(rejected.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(rejected.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // RFC 9110 Retry-After, in seconds, within the one-minute window.
    expect(Number(rejected.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(rejected.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    const rightPassword = keep(await limited.request('POST', '/api/v1/auth/login', { body: { email, password } }));
    expect(rightPassword.status).toBe(429);
    const spoofed = await Promise.all(
      ['203.0.113.7', '198.51.100.1, 10.0.0.1', '::1'].map((ip) =>
        limited.request('POST', '/api/v1/auth/login', {
          body: { email, password },
          headers: { 'x-forwarded-for': ip },
        }),
      ),
    );
    seen.push(...spoofed);
    expect(spoofed.map(({ status }) => status)).toEqual([429, 429, 429]);
    // Only the auth routes are limited.
    const reads = await Promise.all(Array.from({ length: 20 }, () => limited.request('GET', '/api/v1/books')));
    expect(statusCounts(reads)).toEqual({ '200': 20 });
    reportFigures('login rate limit', {
      limitPerMinute: LIMIT,
      attempts: guesses.length + 1 + spoofed.length,
      answeredBeforeLimit: guesses.filter(({ status }) => status !== 429).length,
      rateLimited: guesses.filter(({ status }) => status === 429).length + 1 + spoofed.length,
      retryAfter: rejected.headers.get('retry-after'),
    });
  }, 60_000);

  it(`lets at most ${LIMIT} of 40 simultaneous login attempts through on a fresh process`, async () => {
    const fresh = await startApiProcess({ ...stack.env, AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    try {
      const body = { email: `nobody-${randomUUID()}@example.org`, password: 'wrong-password-123' };
      const burst = await Promise.all(
        Array.from({ length: 40 }, () => fresh.request('POST', '/api/v1/auth/login', { body })),
      );
      seen.push(...burst);
      const counts = statusCounts(burst);
      reportFigures('login burst', { attempts: burst.length, ...counts });
      expect(counts).toEqual({ '401 INVALID_CREDENTIALS': LIMIT, '429 RATE_LIMITED': 40 - LIMIT });
    } finally {
      await fresh.stop('SIGKILL');
    }
  }, 60_000);
});

describe('password storage', () => {
  it('stores argon2id hashes with the OWASP parameters (m=19456 KiB, t=2, p=1) and a fresh salt each time', async () => {
    const password = `same-password-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = keep(
        await stack.api.request('POST', '/api/v1/auth/register', {
          body: { email: `hash-${randomUUID()}@example.org`, password, name: 'Hash check' },
        }),
      );
      expect(response.status).toBe(201);
      ids.push(response.body.id);
    }
    const rows = await sql<{ password_hash: string }>(
      stack,
      'SELECT password_hash FROM users WHERE id = ANY($1::uuid[])',
      [ids],
    );
    for (const { password_hash: hash } of rows) {
      expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22,}\$[A-Za-z0-9+/]{43,}$/);
    }
    expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
    expect(rows[0].password_hash.split('$')[4]).not.toBe(rows[1].password_hash.split('$')[4]);
  }, 30_000);
});

describe('no secrets or internals in responses', () => {
  // A validation error may name a field the client sent (`passwordHash should not exist`); what must never
  // appear is a stored hash, one of its salts, or a stack frame.
  it('sends no password hash, salt or stack trace in any response of this file, including the account routes and errors', async () => {
    const member = await createActor(stack, 'member');
    const admin = await createActor(stack, 'admin');
    const requests: [string, string, object][] = [
      ['GET', '/api/v1/auth/me', { token: member.token }],
      ['GET', `/api/v1/users/${member.id}`, { token: member.token }],
      ['GET', `/api/v1/users?q=${encodeURIComponent(member.email)}`, { token: admin.token }],
      ['GET', '/api/v1/users?limit=100', { token: admin.token }],
      ['PATCH', `/api/v1/users/${member.id}`, { token: member.token, body: { name: 'Changed' } }],
      [
        'PATCH',
        `/api/v1/users/${member.id}`,
        { token: member.token, body: { password: `pw-${randomUUID()}`, currentPassword: 'wrong-current-password' } },
      ],
      ['PATCH', `/api/v1/users/${member.id}`, { token: member.token, body: { passwordHash: 'x' } }],
      ['POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password } }],
      ['POST', '/api/v1/auth/login', { body: { email: member.email, password: 'wrong-password-123' } }],
      ['POST', '/api/v1/auth/register', { body: { email: member.email, password: member.password, name: 'Dup' } }],
      ['POST', '/api/v1/auth/register', { rawBody: '{"email": ' }],
      ['POST', '/api/v1/loans', { token: member.token, rawBody: 'x'.repeat(2 * 1024 * 1024) }],
      ['GET', '/api/v1/loans/00000000-0000-0000-0000-000000000000', { token: member.token }],
      ['GET', '/api/v1/does-not-exist', {}],
      ['GET', '/metrics', {}],
    ];
    for (const [method, path, options] of requests) seen.push(await stack.api.request(method, path, options));
    const hashes = (await sql<{ password_hash: string }>(stack, 'SELECT password_hash FROM users')).map(
      (row) => row.password_hash,
    );
    const salts = hashes.map((hash) => hash.split('$')[4]).filter((salt) => salt && salt.length >= 16);
    const leaking = seen.filter(
      ({ text }) =>
        /\$argon2/.test(text) ||
        salts.some((salt) => text.includes(salt)) ||
        /\n\s+at |\\n\s+at |node_modules|\/dist\/|\.ts:\d+/.test(text),
    );
    reportFigures('leak audit', {
      responsesInThisFile: seen.length,
      responsesAuditedByHarness: responseAudit.responses,
      storedHashesCompared: hashes.length,
      leaks: leaking.length + responseAudit.leaks.length,
    });
    expect(leaking.map(({ status, text }) => `${status} ${text.slice(0, 200)}`)).toEqual([]);
    expect(responseAudit.leaks).toEqual([]);
    expect(seen.length).toBeGreaterThan(40);
  }, 60_000);
});
