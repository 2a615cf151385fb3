import { describe, expect, it } from '@jest/globals';
import type autocannon from 'autocannon';
import { booksById, booksSearch, loanCycle, rotation } from './scenarios.js';

const base: autocannon.Request = { method: 'GET', path: '/' };

function build(step: autocannon.Request, context: object): autocannon.Request | undefined {
  const setup = step.setupRequest as (request: autocannon.Request, context: object) => autocannon.Request;
  return setup({ ...base, ...step }, context);
}

type OnResponse = (status: number, body: string, context: object) => void;
function respond(step: autocannon.Request, status: number, body: object, context: object): void {
  (step.onResponse as OnResponse)(status, JSON.stringify(body), context);
}

describe('benchmark scenarios', () => {
  it('hands items out in turn and starts over', () => {
    const next = rotation(['a', 'b', 'c']);
    expect([next(), next(), next(), next()]).toEqual(['a', 'b', 'c', 'a']);
    expect(() => rotation([])).toThrow('rotation over no items: the seed must provide some.');
  });

  it('asks for existing books by id and searches with url-encoded terms', () => {
    const [byId] = booksById(['b1', 'b2']);
    expect(build(byId, {})?.path).toMatch(/^\/api\/v1\/books\/b[12]$/);
    const [search] = booksSearch(['salt & glass']);
    expect(build(search, {})?.path).toBe('/api/v1/books?q=salt%20%26%20glass&limit=20');
  });

  it('returns the loan it just borrowed, as the member who borrowed it', () => {
    const [checkout, giveBack] = loanCycle(
      [
        { email: 'm1@x', token: 't1' },
        { email: 'm2@x', token: 't2' },
      ],
      ['book-1', 'book-2'],
    );
    const context = {};
    const first = build(checkout, context);
    expect(first).toMatchObject({ method: 'POST', path: '/api/v1/loans', headers: { authorization: 'Bearer t1' } });
    expect(JSON.parse(String(first?.body))).toEqual({ bookId: 'book-1' });
    respond(checkout, 201, { id: 'loan-9' }, context);
    expect(build(giveBack, context)).toMatchObject({
      method: 'POST',
      path: '/api/v1/loans/loan-9/return',
      headers: { authorization: 'Bearer t1' },
    });

    const second = build(checkout, context);
    expect(second?.headers).toMatchObject({ authorization: 'Bearer t2' });
    expect(JSON.parse(String(second?.body))).toEqual({ bookId: 'book-2' });
  });

  it('skips the return when the checkout was refused, so the refusal is the only error counted', () => {
    const [checkout, giveBack] = loanCycle([{ email: 'm1@x', token: 't1' }], ['book-1']);
    const context = {};
    build(checkout, context);
    respond(checkout, 201, { id: 'loan-1' }, context);
    build(checkout, context);
    respond(checkout, 409, { code: 'NO_COPY_AVAILABLE' }, context);
    expect(build(giveBack, context)).toBeUndefined();
  });
});
