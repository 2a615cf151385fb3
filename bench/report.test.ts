import { describe, expect, it } from '@jest/globals';
import type { LoadResult } from './load.js';
import { FULL_RUN } from './options.js';
import {
  checkTargets,
  markdownTable,
  ratioToBaseline,
  replaceResults,
  resultsMarkdown,
  RESULTS_END,
  RESULTS_START,
  type BenchResults,
} from './report.js';

function run(
  scenario: string,
  server: string,
  requestsPerSecond: number,
  p99: number,
  non2xx = 0,
  round = 1,
): LoadResult {
  return {
    scenario,
    server,
    round,
    durationSeconds: 15,
    connections: 50,
    requestsPerSecond,
    requestsPerSecondSamples: { median: requestsPerSecond, min: requestsPerSecond - 10, max: requestsPerSecond + 10 },
    latencyMs: { p50: p99 / 4, p90: p99 / 2, p99, max: p99 * 2 },
    responses: requestsPerSecond * 15,
    errors: 0,
    non2xx,
    statusCodes: { '200': requestsPerSecond * 15 - non2xx },
    resets: 0,
    serverCpuMicrosPerResponse: 300,
  };
}

const summary = (median: number) => ({ median, min: median - 1, max: median + 1, samples: 5 });

function results(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    machine: {
      cores: 2,
      cpuModel: 'Test CPU',
      memoryGiB: 4,
      node: 'v20.20.0',
      date: '2026-11-26T19:05:00.000Z',
      loadAverageAtStart: 0.4,
    },
    options: FULL_RUN,
    loadAverageAtEnd: 1.9,
    seed: { books: 10_000, users: 1_002, copies: 25_000 },
    scenarios: [
      run('books-by-id', 'api', 3000, 40),
      run('books-by-id', 'baseline', 4000, 20),
      run('books-search', 'api', 1000, 60),
      run('books-search', 'baseline', 2000, 30),
      run('loan-cycle', 'api', 500, 90),
    ],
    startToReadyMs: summary(1200),
    memoryMiB: { idle: 100, afterLoad: 180, peak: 190, baselineAfterLoad: 70 },
    metricsScrapeMs: { ...summary(5), bytes: 12_000 },
    synthMs: summary(2500),
    failures: [],
    ...overrides,
  };
}

describe('benchmark report', () => {
  it('divides API by baseline throughput measured in the same run', () => {
    expect(ratioToBaseline(results(), 'books-by-id')).toBe(0.75);
    expect(ratioToBaseline(results(), 'loan-cycle')).toBeUndefined();
  });

  it('takes the ratio over every round, and shows each round on its own', () => {
    const twoRounds = results({
      scenarios: [
        run('books-by-id', 'api', 3000, 40, 0, 1),
        run('books-by-id', 'baseline', 4000, 20, 0, 1),
        run('books-by-id', 'baseline', 2000, 20, 0, 2),
        run('books-by-id', 'api', 2000, 70, 0, 2),
      ],
    });
    expect(ratioToBaseline(twoRounds, 'books-by-id')).toBeCloseTo(5000 / 6000, 6);
    expect(ratioToBaseline(twoRounds, 'books-by-id', 2)).toBe(1);
    expect(resultsMarkdown(twoRounds)).toMatch(/\| books-by-id \| 2 +\| api +\| 2000 .*\| 1\.00 +\|/);
    const p99 = checkTargets(twoRounds).find((check) => check.figure === 'books-by-id p99, API (worst round)');
    expect(p99).toMatchObject({ measured: '70 ms', met: false });
  });

  it('marks each target met or missed', () => {
    const checks = checkTargets(results());
    const met = Object.fromEntries(checks.map((check) => [check.figure, check.met]));
    expect(met).toMatchObject({
      'books-by-id req/s, API ÷ baseline (all rounds)': true,
      'books-search req/s, API ÷ baseline (all rounds)': false,
      'books-by-id p99, API (worst round)': true,
      'books-search p99, API (worst round)': false,
      'errors during any run': true,
      'start to ready (median)': true,
      'RSS idle': true,
      'RSS after load': true,
    });
  });

  it('counts non-2xx answers of any scenario, the loan cycle included, as errors', () => {
    const noisy = results({
      scenarios: [...results().scenarios.slice(0, 4), run('loan-cycle', 'api', 500, 90, 3)],
    });
    expect(checkTargets(noisy).find((check) => check.figure === 'errors during any run')).toEqual({
      figure: 'errors during any run',
      target: '0',
      measured: '3',
      met: false,
    });
  });

  it('lines up table columns for the terminal', () => {
    expect(markdownTable(['a', 'bb'], [['long cell', 'x']])).toBe(
      ['| a         | bb |', '|-----------|----|', '| long cell | x  |'].join('\n'),
    );
  });

  it('names the machine, the Node version, the date and the spread in the generated section', () => {
    const text = resultsMarkdown(results());
    expect(text).toContain('2 cores, Test CPU');
    expect(text).toContain('Node v20.20.0');
    expect(text).toContain('2026-11-26 19:05 UTC');
    expect(text).toContain('1200 ms (1199–1201, n=5)');
    expect(text).toMatch(/\| books-search \| 1 +\| api +\| 1000 .*\| 0\.50 +\|/);
  });

  it('replaces only the generated block of docs/benchmarks.md', () => {
    const document = `# Benchmarks\n\nProse.\n\n${RESULTS_START}\nold numbers\n${RESULTS_END}\n\nMore prose.\n`;
    expect(replaceResults(document, 'new numbers')).toBe(
      `# Benchmarks\n\nProse.\n\n${RESULTS_START}\nnew numbers\n${RESULTS_END}\n\nMore prose.\n`,
    );
    expect(() => replaceResults('# Benchmarks\n', 'x')).toThrow(/must contain <!-- bench:results:start -->/);
  });
});
