import { describe, expect, it } from '@jest/globals';
import { median, repeat, round, summarize } from './stats.js';

describe('benchmark statistics', () => {
  it('takes the middle value, or the mean of the two middle values, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('refuses to summarize nothing', () => {
    expect(() => median([])).toThrow('median of no values: take at least one sample.');
  });

  it('reports the spread and the number of samples beside the median', () => {
    expect(summarize([30, 10, 20, 1000])).toEqual({ median: 25, min: 10, max: 1000, samples: 4 });
  });

  it('repeats a measurement one run after the other', async () => {
    const order: number[] = [];
    const summary = await repeat(3, async (index) => {
      order.push(index);
      return index * 10;
    });
    expect(order).toEqual([0, 1, 2]);
    expect(summary).toEqual({ median: 10, min: 0, max: 20, samples: 3 });
  });

  it('rounds for reports only', () => {
    expect([round(1.25), round(1234.5678, 0), round(0.666, 2)]).toEqual([1.3, 1235, 0.67]);
  });
});
