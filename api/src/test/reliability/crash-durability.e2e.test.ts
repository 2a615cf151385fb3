import { describe, expect, it } from '@jest/globals';
import { sql } from '../actors.js';
import { startApiProcess, waitFor } from '../api-process.js';
import { useStack } from '../use-stack.js';
import { addBook } from '../loan-fixtures.js';
import { reportFigures } from './figures.js';
import { INTACT, loanIntegrity } from './integrity.js';
import { insertUsers } from './members.js';
import { SteadyLoad } from './steady-load.js';

const stack = useStack();

describe('PostgreSQL killed with SIGKILL', () => {
  it('keeps every committed loan after crash recovery on the same data directory', async () => {
    const loans = 150;
    const members = await insertUsers(stack, loans);
    const { bookId } = await addBook(stack, loans);
    const ids: string[] = [];
    // A few at a time, each acknowledged (201) before the crash.
    for (let batch = 0; batch < loans; batch += 10) {
      const responses = await Promise.all(
        members
          .slice(batch, batch + 10)
          .map((member) => stack.api.request('POST', '/api/v1/loans', { token: member.token, body: { bookId } })),
      );
      for (const response of responses) {
        expect(response.status).toBe(201);
        ids.push(response.body.id);
      }
    }
    const pid = stack.api.child.pid;
    await stack.pg.kill();
    await stack.pg.start();
    await waitFor(async () => (await stack.api.request('GET', '/health/ready')).status === 200, {
      timeoutMs: 10_000,
      what: 'readiness after crash recovery',
    });
    const [row] = await sql(
      stack,
      `SELECT count(*)::int AS present FROM loans l JOIN copies c ON c.id = l.copy_id
       WHERE l.id = ANY($1::uuid[]) AND l.returned_at IS NULL AND c.status = 'on_loan'`,
      [ids],
    );
    reportFigures('postgres SIGKILL', {
      committedLoans: ids.length,
      presentAfterRecovery: row.present,
      lost: ids.length - row.present,
    });
    expect(row.present).toBe(loans);
    expect(stack.api.child.pid).toBe(pid);
    // The API serves again with the same process.
    const again = await stack.api.request('GET', `/api/v1/loans/${ids[0]}`, { token: members[0].token });
    expect(again.status).toBe(200);
    expect(await loanIntegrity(stack)).toMatchObject(INTACT);
  }, 90_000);
});

describe('the API killed with SIGKILL during a load of checkouts', () => {
  it('leaves no half-done loan: a loan is active exactly when its copy is on loan, and every 201 is kept', async () => {
    const rounds = 3;
    const members = await insertUsers(stack, 20 * rounds);
    const figures = { rounds, requests: 0, acknowledged: 0, acknowledgedMissing: 0, cutOff: 0, halfDone: 0 };
    for (let round = 0; round < rounds; round++) {
      const api = await startApiProcess(stack.env);
      const books = await Promise.all(Array.from({ length: 4 }, () => addBook(stack, 8)));
      const acknowledged: string[] = [];
      const roundMembers = members.slice(round * 20, round * 20 + 20);
      // Members borrow and return in a loop, so the kill lands in both kinds of transaction.
      const held = new Map<number, string>();
      const load = new SteadyLoad({
        concurrency: 20,
        pauseMs: 0,
        step: async (worker) => {
          const member = roundMembers[worker];
          const loanId = held.get(worker);
          if (loanId) {
            held.delete(worker);
            return {
              kind: 'return',
              response: await api.request('POST', `/api/v1/loans/${loanId}/return`, { token: member.token }),
            };
          }
          const { bookId } = books[worker % books.length];
          const response = await api.request('POST', '/api/v1/loans', { token: member.token, body: { bookId } });
          if (response.status === 201) {
            acknowledged.push(response.body.id);
            held.set(worker, response.body.id);
          }
          return { kind: 'checkout', response };
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 1000 + round * 700));
      api.child.kill('SIGKILL');
      await api.exited;
      await load.stop();
      // PostgreSQL rolls back what the dead process left open once it sees the connections close.
      await waitFor(
        async () => {
          const [{ open }] = await sql(
            stack,
            `SELECT count(*)::int AS open FROM pg_stat_activity WHERE application_name = 'lms-api' AND pid <> pg_backend_pid()`,
          );
          // The stack's own API keeps its pool; only this round's connections must be gone.
          return open <= 10;
        },
        { timeoutMs: 10_000, what: 'the killed API connections to close' },
      );
      const [{ present }] = await sql(stack, 'SELECT count(*)::int AS present FROM loans WHERE id = ANY($1::uuid[])', [
        acknowledged,
      ]);
      const integrity = await loanIntegrity(stack);
      figures.requests += load.samples.length;
      figures.acknowledged += acknowledged.length;
      figures.acknowledgedMissing += acknowledged.length - present;
      figures.cutOff += load.samples.filter((sample) => sample.status === 0).length;
      figures.halfDone += integrity.onLoanWithoutActiveLoan + integrity.activeLoanWithoutOnLoanCopy;
      expect(integrity).toMatchObject(INTACT);
      expect(present).toBe(acknowledged.length);
      expect(load.samples.filter((sample) => sample.status >= 500)).toEqual([]);
    }
    reportFigures('api SIGKILL during checkouts', figures);
    expect(figures.acknowledged).toBeGreaterThan(0);
    expect(figures.cutOff).toBeGreaterThan(0);
  }, 120_000);
});
