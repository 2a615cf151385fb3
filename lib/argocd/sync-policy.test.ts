import { describe, expect, it } from '@jest/globals';
import { Duration } from 'cdk8s';
import { automatedSyncPolicy } from './sync-policy.js';

describe('automatedSyncPolicy', () => {
  it('never syncs an empty source, so a broken synth cannot prune everything', () => {
    expect(automatedSyncPolicy().automated).toEqual({ prune: true, selfHeal: true, allowEmpty: false });
  });

  it('writes the backoff in whole seconds', () => {
    const policy = automatedSyncPolicy({
      initialBackoff: Duration.seconds(30),
      maxBackoff: Duration.minutes(10),
      factor: 3,
    });
    expect(policy.retry).toEqual({ limit: 5, backoff: { duration: '30s', factor: 3, maxDuration: '600s' } });
  });

  it.each([
    [{ limit: 0 }, /'limit' must be a whole number of at least 1/],
    [{ factor: 1.5 }, /'factor' must be a whole number/],
    [{ initialBackoff: Duration.millis(500) }, /'initialBackoff' must be whole seconds/],
    [
      { initialBackoff: Duration.minutes(5), maxBackoff: Duration.minutes(1) },
      /'maxBackoff' must be .* at least 'initialBackoff'/,
    ],
  ])('rejects %o with a sentence naming the field', (retry, message) => {
    expect(() => automatedSyncPolicy(retry)).toThrow(message);
  });
});
