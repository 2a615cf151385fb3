import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startStack, type TestStack } from '../api-process.js';
import { addBook } from '../loan-fixtures.js';
import { reportFigures } from './figures.js';
import { insertUsers, type TokenUser } from './members.js';

const RUNS = 2000;
const BODY_OVER_LIMIT = 1024 * 1024 + 1;

interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Record<string, Schema>;
  readonly allOf?: readonly Schema[];
}

interface Operation {
  readonly method: string;
  /** The OpenAPI template, e.g. `/api/v1/books/{id}`. */
  readonly template: string;
  readonly query: readonly { name: string; schema: Schema }[];
  readonly body?: Schema;
}

interface HostileRequest {
  readonly operation: Operation;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly description: string;
}

/** Strings that have broken other systems: SQL, script, template and path injection, odd Unicode. */
const NASTY_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '1; SELECT pg_sleep(10)',
  '" OR ""="',
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '${jndi:ldap://example.invalid/a}',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '\u0000',
  '\uD800',
  '\u202Egnp.exe',
  'a\u200Bb\uFEFF',
  'Ω≈ç√∫˜µ≤≥÷',
  '𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'ﷺ',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '\\',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '0x7fffffff',
  '99999999999999999999999999',
  ' ',
  '',
  '*',
  '&|!:()',
  'null',
  'true',
];

const MALFORMED_JSON = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '[1,2',
  'nul',
  '{"a":"\\x"}',
  '\u0000',
  '{}}',
  '"unterminated',
];

/** Path segments sent as-is: percent-encodings a decoder must reject or survive. */
const BROKEN_ENCODINGS = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%ED%A0%80',
  '%00',
  '%2e%2e%2f%2e%2e',
  '..%2F..%2F',
  '%25%32%65',
];

/** Percent-encodes every byte outside the unreserved set (lone surrogates become U+FFFD, as on the wire). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

/** Short odd strings mostly; now and then one long enough to overflow a header (16 KiB) or a column. */
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 300, maxLength: 20_000 }) },
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(-1, 0, -0, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, 1.5, Number.MAX_VALUE),
  fc.double(),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(hostileString, hostileNumber), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }),
  fc.uuid(),
);

const invalidIds = fc.oneof(
  fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000g', '1', '-1', '0', '123e4567-e89b-12d3-a456'),
  hostileString.filter((text) => text.length < 2000),
);

let stack: TestStack;
let document: any;
let database: pg.Client;
let callers: { label: string; user?: TokenUser }[];
let knownIds: string[];

beforeAll(async () => {
  stack = await startStack();
  document = (await stack.api.request('GET', '/docs-json')).body;
  const [member, librarian, admin] = await Promise.all([
    insertUsers(stack, 1, 'member'),
    insertUsers(stack, 1, 'librarian'),
    insertUsers(stack, 1, 'admin'),
  ]);
  // Admin twice: most requests should get past the guard, so validation and the services see them.
  callers = [
    { label: 'anonymous' },
    { label: 'member', user: member[0] },
    { label: 'librarian', user: librarian[0] },
    { label: 'admin', user: admin[0] },
    { label: 'admin', user: admin[0] },
  ];
  const books = await Promise.all([addBook(stack, 2), addBook(stack, 1)]);
  const loan = await stack.api.request('POST', '/api/v1/loans', {
    token: member[0].token,
    body: { bookId: books[1].bookId },
  });
  knownIds = [
    member[0].id,
    librarian[0].id,
    admin[0].id,
    ...books.flatMap(({ bookId, copyIds }) => [bookId, ...copyIds]),
    loan.body.id,
  ];
  database = new pg.Client({ connectionString: stack.pg.url });
  await database.connect();
}, 60_000);

afterAll(async () => {
  await database?.end();
  await stack?.close();
});

function resolve(schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf) {
    const parts = schema.allOf.map(resolve);
    return { type: 'object', properties: Object.assign({}, ...parts.map((part) => part?.properties ?? {})) };
  }
  return schema;
}

function operationsOf(doc: any): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries<any>(doc.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      operations.push({
        method: method.toUpperCase(),
        template,
        query: (operation.parameters ?? [])
          .filter((parameter: any) => parameter.in === 'query')
          .map((parameter: any) => ({ name: parameter.name, schema: resolve(parameter.schema) ?? {} })),
        body: resolve(operation.requestBody?.content?.['application/json']?.schema),
      });
    }
  }
  return operations;
}

/** A value the field would accept, so that requests also get past validation into the services. */
function plausible(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.format === 'uuid') return fc.constantFrom(...knownIds);
  if (schema.format === 'email') return fc.constant(`hostile-${randomUUID()}@example.org`);
  if (schema.type === 'integer' || schema.type === 'number') return fc.integer({ min: 1, max: 30 });
  if (schema.type === 'boolean') return fc.boolean();
  return fc.constantFrom('A plausible text value', 'pw-a-long-enough-password', '9780306406157');
}

interface Payload {
  readonly body?: string;
  readonly contentType?: string;
  readonly kind: string;
}

function bodyFor(schema: Schema | undefined): fc.Arbitrary<Payload> {
  const properties = Object.entries(schema?.properties ?? {});
  const object = fc
    .tuple(
      fc.tuple(...properties.map(([, property]) => fc.option(fc.oneof(plausible(property), hostileValue)))),
      fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'role', 'id')), hostileValue, {
        maxKeys: 2,
      }),
    )
    .map(([values, extra]) => {
      const fields: Record<string, unknown> = {};
      properties.forEach(([name], index) => {
        if (values[index] !== null) fields[name] = values[index];
      });
      return { body: JSON.stringify({ ...fields, ...extra }), kind: 'json object' };
    });
  return fc.oneof(
    { weight: 5, arbitrary: object },
    {
      weight: 1,
      arbitrary: hostileValue.map((value) => ({ body: JSON.stringify(value) ?? 'null', kind: 'json value' })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_JSON).map((body) => ({ body, kind: 'malformed json' })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data'),
          hostileString.filter((text) => text.length < 5000),
        )
        .map(([contentType, body]) => ({ body, contentType, kind: 'wrong content type' })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'no body' }) },
    {
      weight: 1,
      arbitrary: fc.constant({ body: `{"title":"${'x'.repeat(BODY_OVER_LIMIT)}"}`, kind: 'body over 1 MiB' }),
    },
  );
}

function requestFor(operation: Operation): fc.Arbitrary<HostileRequest> {
  const pathParameters = operation.template.match(/\{[^}]+\}/g) ?? [];
  const ids = fc.tuple(
    ...pathParameters.map(() =>
      fc.oneof(
        fc.constantFrom(...knownIds),
        fc.uuid(),
        invalidIds.map(percentEncode),
        fc.constantFrom(...BROKEN_ENCODINGS),
      ),
    ),
  );
  const query = fc.tuple(
    ...operation.query.map(({ schema }) => fc.option(fc.oneof(plausible(schema), hostileValue), { freq: 2 })),
  );
  const extraQuery = fc.option(fc.tuple(fc.string({ maxLength: 10 }), hostileString), { freq: 3 });
  const hasBody = ['POST', 'PATCH', 'PUT'].includes(operation.method);
  const body = hasBody ? bodyFor(operation.body) : fc.constant<Payload>({ kind: 'none' });
  const authorization = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...callers.map((caller, index) => index)) },
    { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Bearer a.b.c', 'Basic YTpi', `Bearer ${'x'.repeat(5000)}`) },
  );
  return fc.tuple(ids, query, extraQuery, body, authorization).map(([idValues, queryValues, extra, payload, auth]) => {
    let path = operation.template;
    idValues.forEach((id, index) => (path = path.replace(pathParameters[index], id)));
    const search = new URLSearchParams();
    operation.query.forEach(({ name }, index) => {
      const value = queryValues[index];
      if (value !== null) search.append(name, typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
    });
    if (extra) search.append(extra[0], extra[1]);
    const headers: Record<string, string> = {};
    let who: string;
    if (typeof auth === 'number') {
      const caller = callers[auth];
      who = caller.label;
      if (caller.user) headers.authorization = `Bearer ${caller.user.token}`;
    } else {
      who = 'forged header';
      headers.authorization = auth;
    }
    if (payload.body !== undefined) headers['content-type'] = payload.contentType ?? 'application/json';
    const query = search.toString();
    return {
      operation,
      path: query ? `${path}?${query}` : path,
      headers,
      body: payload.body,
      description: `${operation.method} ${operation.template} as ${who}, ${payload.kind}`,
    };
  });
}

/** Every table's rows, hashed: equal fingerprints mean nothing was written. */
async function fingerprint(): Promise<string> {
  const { rows } = await database.query(`
    SELECT (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM users t)
        || (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM books t)
        || (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM copies t)
        || (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM loans t) AS fingerprint`);
  return rows[0].fingerprint;
}

describe('hostile input on every route of the OpenAPI document', () => {
  it(`answers ${RUNS} generated requests without a 5xx, errors as problem+json, and rejected writes change nothing`, async () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(20);
    const statuses: Record<string, number> = {};
    const perOperation = new Map<string, number>();
    let sent = 0;
    let rejectedWrites = 0;
    let rowsChangedByRejected = 0;
    let before = await fingerprint();
    const started = Date.now();

    await fc
      .assert(
        fc.asyncProperty(
          fc.constantFrom(...operations).chain(requestFor),
          async ({ operation, path, headers, body, description }) => {
            // Through the harness, so every response also passes its password-hash and stack-trace audit.
            const response = await stack.api.request(operation.method, path, { rawBody: body, headers });
            const text = response.text;
            sent++;
            const key = `${operation.method} ${operation.template}`;
            perOperation.set(key, (perOperation.get(key) ?? 0) + 1);
            statuses[response.status] = (statuses[response.status] ?? 0) + 1;
            const context = `${description} -> ${response.status} ${text.slice(0, 300)}`;
            expect({ context, serverError: response.status >= 500 }).toEqual({ context, serverError: false });
            const after = await fingerprint();
            if (response.status >= 400) {
              expect({ context, contentType: response.headers.get('content-type') }).toEqual({
                context,
                contentType: expect.stringMatching(/^application\/problem\+json/),
              });
              const problem = response.body;
              expect({ context, status: problem?.status, code: typeof problem?.code }).toEqual({
                context,
                status: response.status,
                code: 'string',
              });
              if (operation.method !== 'GET') rejectedWrites++;
              if (after !== before) rowsChangedByRejected++;
              expect({ context, changed: after !== before }).toEqual({ context, changed: false });
            } else if (operation.method === 'GET') {
              expect({ context, changed: after !== before }).toEqual({ context, changed: false });
            }
            before = after;
          },
        ),
        { numRuns: RUNS, endOnFailure: true },
      )
      .catch((error: Error & { cause?: unknown }) => {
        // A counterexample may hold a 300 kB string: keep the report readable.
        throw new Error(
          `${error.message}\nCause: ${(error.cause as Error | undefined)?.message ?? ''}`
            .replace(/(.)\1{200,}/g, (run, char) => `${char.repeat(20)}…(${run.length} times)`)
            .replace(/^([\s\S]{3000})[\s\S]{2000,}([\s\S]{3000})$/, '$1\n…\n$2'),
        );
      });

    const figures = {
      requests: sent,
      operations: operations.length,
      seconds: Math.round((Date.now() - started) / 1000),
      statuses,
      serverErrors: Object.entries(statuses)
        .filter(([status]) => Number(status) >= 500)
        .reduce((sum, [, count]) => sum + count, 0),
      rejectedWrites,
      rowsChangedByRejected,
    };
    reportFigures('hostile input', figures);
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    expect([...perOperation.keys()].sort()).toEqual(
      operations.map(({ method, template }) => `${method} ${template}`).sort(),
    );
    // The audit of every response for hashes and stack traces ran on each of them too.
    expect((await stack.api.request('GET', '/health/live')).status).toBe(200);
  }, 180_000);

  it('answers an oversized request line with 431 and an undecodable URL with 400, both as problem+json', async () => {
    const tooLong = await stack.api.request('GET', `/api/v1/books?q=${'x'.repeat(20_000)}`);
    expect(tooLong.status).toBe(431);
    expect(tooLong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(tooLong.body).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    const undecodable = await stack.api.request('GET', '/api/v1/books/%zz/copies');
    expect(undecodable.status).toBe(400);
    expect(undecodable.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(undecodable.body).toMatchObject({ status: 400, code: 'BAD_URL' });
    const longSegment = await stack.api.request('GET', `/api/v1/books/${'a'.repeat(150)}`);
    expect(longSegment.status).toBe(414);
    expect(longSegment.body).toMatchObject({ status: 414, code: 'URI_TOO_LONG' });
  });
});
