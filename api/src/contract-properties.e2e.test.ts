import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { OPENAPI_FILE } from './openapi/openapi-file.js';
import { createActor, type Actor } from './test/actors.js';
import { DocumentVerdict, type GeneratedRequest } from './test/contract/document-verdict.js';
import { operationsOf, type OperationContract } from './test/contract/operations.js';
import { invalidRequest, urlOf, validRequest } from './test/contract/request-arbitraries.js';
import { useStack } from './test/use-stack.js';

/**
 * In the spirit of schemathesis: requests generated from the committed document's schemas. One the
 * document calls valid is never refused as invalid (400/422); one it calls invalid is always refused
 * with a problem+json 4xx; no request ever gets a 5xx. Every request carries an admin's token, so the
 * authorization checks never hide the validation.
 */
/** Bounded for CI (the whole file runs in about 30 s); raise CONTRACT_RUNS, vary CONTRACT_SEED to search longer. */
const RUNS_PER_OPERATION = Number(process.env.CONTRACT_RUNS ?? 12);
const SEED = Number(process.env.CONTRACT_SEED ?? 20261202);

const stack = useStack();
const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'));
const operations = operationsOf(document);
const verdict = new DocumentVerdict();
const seen = new Map<string, { valid: number; invalid: number }>();
let admin: Actor;

beforeAll(async () => {
  admin = await createActor(stack, 'admin');
});

afterAll(() => {
  const total = [...seen.values()].reduce(
    (sum, counts) => ({ valid: sum.valid + counts.valid, invalid: sum.invalid + counts.invalid }),
    {
      valid: 0,
      invalid: 0,
    },
  );
  console.log(
    `CONTRACT ${JSON.stringify({ seed: SEED, runsPerOperation: RUNS_PER_OPERATION, operations: seen.size, ...total })}`,
  );
});

interface Outcome {
  readonly request: string;
  readonly documentSays: 'valid' | 'invalid';
  readonly status: number;
  readonly problem: boolean;
}

async function send(operation: OperationContract, request: GeneratedRequest): Promise<Outcome> {
  const documentSays = verdict.isValid(operation, request) ? 'valid' : 'invalid';
  const counts = seen.get(operation.label) ?? { valid: 0, invalid: 0 };
  counts[documentSays]++;
  seen.set(operation.label, counts);
  const url = urlOf(operation, request);
  const response = await stack.api.request(operation.method, url, {
    token: admin.token,
    ...(request.body !== undefined ? { rawBody: JSON.stringify(request.body) } : {}),
  });
  return {
    request: `${operation.method} ${url} ${request.body === undefined ? '' : JSON.stringify(request.body).slice(0, 300)}`,
    documentSays,
    status: response.status,
    problem: (response.headers.get('content-type') ?? '').startsWith('application/problem+json'),
  };
}

/** What the outcome should have been, given the document's verdict: the property compares the two. */
function expected(outcome: Outcome): Outcome {
  if (outcome.status >= 500) return { ...outcome, status: 0 };
  if (outcome.documentSays === 'valid' && (outcome.status === 400 || outcome.status === 422)) {
    return { ...outcome, status: 0 };
  }
  if (outcome.documentSays === 'invalid' && (outcome.status < 400 || !outcome.problem)) {
    return { ...outcome, status: 0, problem: true };
  }
  return outcome;
}

describe('requests generated from the OpenAPI document', () => {
  it('cover every operation of the document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(22);
  });

  for (const operation of operations) {
    it(`${operation.label}: valid ones are never refused as invalid, invalid ones always get a problem 4xx, none a 5xx`, async () => {
      const arbitraries = [validRequest(operation), invalidRequest(operation)].filter(
        (arbitrary): arbitrary is fc.Arbitrary<GeneratedRequest> => arbitrary !== undefined,
      );
      for (const arbitrary of arbitraries) {
        await fc.assert(
          fc.asyncProperty(arbitrary, async (request) => {
            const outcome = await send(operation, request);
            expect(outcome).toEqual(expected(outcome));
          }),
          { numRuns: RUNS_PER_OPERATION, seed: SEED, endOnFailure: true },
        );
      }
      const counts = seen.get(operation.label)!;
      expect(counts.valid).toBeGreaterThan(0);
      if (arbitraries.length > 1) expect(counts.invalid).toBeGreaterThan(0);
    }, 60_000);
  }
});
