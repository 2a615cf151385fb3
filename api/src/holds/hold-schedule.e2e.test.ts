import { describe, expect, it } from '@jest/globals';
import { createActors } from '../test/actors.js';
import { waitFor } from '../test/api-process.js';
import { passPickupDate, placeHold } from '../test/hold-fixtures.js';
import { addBook } from '../test/loan-fixtures.js';
import { useStack } from '../test/use-stack.js';

/** The schedule every second, so its effect shows within the test. */
const stack = useStack({ HOLD_MAINTENANCE_INTERVAL_SECONDS: '1' });

describe('the hold maintenance schedule', () => {
  it('expires a ready hold past its pickup date without anyone asking', async () => {
    const [member] = await createActors(stack, 'member');
    const { bookId } = await addBook(stack, 1);
    const hold = (await placeHold(stack, member, { bookId })).body;
    await passPickupDate(stack, hold.id);
    const waited = await waitFor(
      async () =>
        (await stack.api.request('GET', `/api/v1/holds/${hold.id}`, { token: member.token })).body.status === 'expired',
      { timeoutMs: 10_000, what: 'the scheduled pass to expire the hold' },
    );
    expect(waited).toBeLessThan(10_000);
    const metrics = (await stack.api.request('GET', '/metrics')).text;
    expect(metrics).toMatch(/lms_hold_operations_total\{operation="expire",outcome="success"\} 1/);
  }, 20_000);
});
