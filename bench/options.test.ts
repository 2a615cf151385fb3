import { describe, expect, it } from '@jest/globals';
import { FULL_RUN, parseOptions } from './options.js';

describe('benchmark options', () => {
  it('runs issue 6 protocol by default: 10,000 books, 1,000 members, 50 connections, 15 s, 5 starts, 3 synths', () => {
    const options = parseOptions([]);
    expect(options).toBe(FULL_RUN);
    expect(options.seedBooks).toBeGreaterThanOrEqual(10_000);
    expect(options.seedMembers).toBeGreaterThanOrEqual(1_000);
    expect(options.connections).toBe(50);
    expect(options.durationSeconds).toBeGreaterThanOrEqual(15);
    expect(options.warmupSeconds).toBeGreaterThan(0);
    expect([options.starts, options.synthRuns]).toEqual([5, 3]);
    expect(options.rounds).toBeGreaterThanOrEqual(2);
  });

  it('keeps a smoke run to a few seconds per scenario', () => {
    const options = parseOptions(['--smoke']);
    expect(options.mode).toBe('smoke');
    expect(options.durationSeconds + options.warmupSeconds).toBeLessThanOrEqual(5);
    expect(options.seedBooks).toBeLessThan(FULL_RUN.seedBooks);
  });

  it('takes a duration, a connection count, a number of rounds and the profiling switch', () => {
    expect(parseOptions(['--smoke', '--duration=7', '--connections=20', '--rounds=3', '--profile'])).toMatchObject({
      mode: 'smoke',
      durationSeconds: 7,
      connections: 20,
      rounds: 3,
      profile: true,
    });
  });

  it('rejects unknown arguments and bad numbers with the usage', () => {
    expect(() => parseOptions(['--fast'])).toThrow(/Unknown argument "--fast"[\s\S]*usage: npm run bench/);
    expect(() => parseOptions(['--duration=0'])).toThrow('--duration must be a positive whole number, got "0".');
    expect(() => parseOptions(['--connections=many'])).toThrow(/--connections must be a positive whole number/);
  });
});
