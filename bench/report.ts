import type { LoadResult } from './load.js';
import type { Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import { round, type Summary } from './stats.js';

/** Everything one run measured; written as bench/results.json. */
export interface BenchResults {
  readonly machine: Machine;
  readonly options: BenchOptions;
  /** 1-minute load average when the run ended. */
  readonly loadAverageAtEnd: number;
  readonly seed: { readonly books: number; readonly users: number; readonly copies: number };
  readonly scenarios: readonly LoadResult[];
  /** Milliseconds from spawning `node api/dist/main.js` to the first 200 from /health/ready. */
  readonly startToReadyMs: Summary;
  readonly memoryMiB: {
    readonly idle: number;
    readonly afterLoad: number;
    readonly peak: number;
    /** The baseline's, for scale. */
    readonly baselineAfterLoad: number;
  };
  /** Milliseconds of one /metrics scrape after the load, and the size of the answer. */
  readonly metricsScrapeMs: Summary & { readonly bytes: number };
  /** Milliseconds of `npm run synth`. */
  readonly synthMs: Summary;
  /** Anything that went wrong: a server that died, a scenario with errors. Non-empty fails the run. */
  readonly failures: readonly string[];
}

export interface TargetCheck {
  readonly figure: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Issue 6's targets for this 2-core machine. */
export const TARGETS = {
  readRatio: 0.6,
  readP99Ms: 50,
  startToReadyMs: 1500,
  idleRssMiB: 120,
  loadedRssMiB: 250,
  metricsScrapeMs: 20,
  synthMs: 3000,
} as const;

export const READ_SCENARIOS = ['books-by-id', 'books-search'] as const;

function runsOf(results: BenchResults, scenario: string, server: string): LoadResult[] {
  return results.scenarios.filter((run) => run.scenario === scenario && run.server === server);
}

function requestsPerSecondOver(runs: readonly LoadResult[]): number {
  const seconds = runs.reduce((sum, run) => sum + run.durationSeconds, 0);
  return seconds > 0 ? runs.reduce((sum, run) => sum + run.responses, 0) / seconds : 0;
}

/**
 * API req/s ÷ baseline req/s for a scenario both ran, over every round of the run (or only `round`):
 * answers counted over the measured seconds of each server.
 */
export function ratioToBaseline(results: BenchResults, scenario: string, round?: number): number | undefined {
  const inRound = (run: LoadResult) => round === undefined || run.round === round;
  const api = runsOf(results, scenario, 'api').filter(inRound);
  const baseline = runsOf(results, scenario, 'baseline').filter(inRound);
  const baselineRate = requestsPerSecondOver(baseline);
  if (api.length === 0 || baselineRate === 0) return undefined;
  return requestsPerSecondOver(api) / baselineRate;
}

/** Connection errors, timeouts and non-2xx answers of a run. */
export function errorCount(run: LoadResult): number {
  return run.errors + run.non2xx;
}

/** A figure whose target is an upper bound. */
function atMost(figure: string, value: number, limit: number, unit: string, digits: number): TargetCheck {
  return { figure, target: `≤ ${limit} ${unit}`, measured: `${round(value, digits)} ${unit}`, met: value <= limit };
}

export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const scenario of READ_SCENARIOS) {
    const ratio = ratioToBaseline(results, scenario);
    checks.push({
      figure: `${scenario} req/s, API ÷ baseline (all rounds)`,
      target: `≥ ${TARGETS.readRatio}`,
      measured: ratio === undefined ? 'not measured' : round(ratio, 2).toFixed(2),
      met: ratio !== undefined && ratio >= TARGETS.readRatio,
    });
  }
  for (const scenario of READ_SCENARIOS) {
    // The worst round counts.
    const p99 = Math.max(...runsOf(results, scenario, 'api').map((run) => run.latencyMs.p99));
    checks.push({
      figure: `${scenario} p99, API (worst round)`,
      target: `≤ ${TARGETS.readP99Ms} ms`,
      measured: Number.isFinite(p99) ? `${p99} ms` : 'not measured',
      met: p99 <= TARGETS.readP99Ms,
    });
  }
  const errors = results.scenarios.reduce((sum, run) => sum + errorCount(run), 0);
  checks.push({ figure: 'errors during any run', target: '0', measured: String(errors), met: errors === 0 });
  checks.push(
    atMost('start to ready (median)', results.startToReadyMs.median, TARGETS.startToReadyMs, 'ms', 0),
    atMost('RSS idle', results.memoryMiB.idle, TARGETS.idleRssMiB, 'MiB', 1),
    atMost('RSS after load', results.memoryMiB.afterLoad, TARGETS.loadedRssMiB, 'MiB', 1),
    atMost('one /metrics scrape (median)', results.metricsScrapeMs.median, TARGETS.metricsScrapeMs, 'ms', 1),
    atMost('`npm run synth` (median)', results.synthMs.median, TARGETS.synthMs, 'ms', 0),
  );
  return checks;
}

/** A Markdown table whose columns line up, so the same text reads well in a terminal and in docs. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function spread(summary: Summary, digits: number, unit: string): string {
  if (summary.samples === 1) return `${round(summary.median, digits)} ${unit} (1 sample)`;
  return `${round(summary.median, digits)} ${unit} (${round(summary.min, digits)}–${round(summary.max, digits)}, n=${summary.samples})`;
}

export function loadTable(results: BenchResults): string {
  const rows = results.scenarios.map((run) => {
    const ratio = run.server === 'api' ? ratioToBaseline(results, run.scenario, run.round) : undefined;
    const samples = run.requestsPerSecondSamples;
    return [
      run.scenario,
      String(run.round),
      run.server,
      String(round(run.requestsPerSecond, 0)),
      `${samples.median} (${samples.min}–${samples.max})`,
      String(run.latencyMs.p50),
      String(run.latencyMs.p99),
      String(run.latencyMs.max),
      String(round(run.serverCpuMicrosPerResponse, 0)),
      String(run.errors),
      String(run.non2xx),
      ratio === undefined ? '' : round(ratio, 2).toFixed(2),
    ];
  });
  return markdownTable(
    [
      'scenario',
      'round',
      'server',
      'req/s',
      'req/s per second: median (min–max)',
      'p50 ms',
      'p99 ms',
      'max ms',
      'server CPU µs/req',
      'errors',
      'non-2xx',
      'API ÷ baseline',
    ],
    rows,
  );
}

export function figuresTable(results: BenchResults): string {
  const memory = results.memoryMiB;
  return markdownTable(
    ['figure', 'value'],
    [
      ['start to ready', spread(results.startToReadyMs, 0, 'ms')],
      ['RSS idle (after ready, before load)', `${round(memory.idle)} MiB`],
      ['RSS after load', `${round(memory.afterLoad)} MiB (peak ${round(memory.peak)} MiB)`],
      ['baseline RSS after load', `${round(memory.baselineAfterLoad)} MiB`],
      ['one /metrics scrape', `${spread(results.metricsScrapeMs, 1, 'ms')}, ${results.metricsScrapeMs.bytes} bytes`],
      ['`npm run synth`', spread(results.synthMs, 0, 'ms')],
    ],
  );
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return markdownTable(
    ['figure', 'target', 'measured', 'met'],
    checks.map((check) => [check.figure, check.target, check.measured, check.met ? 'yes' : 'NO']),
  );
}

/** The generated part of docs/benchmarks.md. */
export function resultsMarkdown(results: BenchResults): string {
  const { machine, options } = results;
  return [
    `Run of ${machine.date.slice(0, 16).replace('T', ' ')} UTC (\`npm run bench\`, ${options.mode} mode).`,
    '',
    `- Machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB; Node ${machine.node}; ` +
      `load average ${machine.loadAverageAtStart} at the start, ${results.loadAverageAtEnd} at the end.`,
    `- Data: ${results.seed.books} books, ${results.seed.copies} copies, ${results.seed.users} users.`,
    `- Load: ${options.connections} connections, ${options.warmupSeconds} s warm-up then ${options.durationSeconds} s measured per run.`,
    '',
    loadTable(results),
    '',
    figuresTable(results),
    '',
    targetsTable(checkTargets(results)),
  ].join('\n');
}

export const RESULTS_START = '<!-- bench:results:start -->';
export const RESULTS_END = '<!-- bench:results:end -->';

/** Replaces the generated block of the document, leaving the prose around it alone. */
export function replaceResults(document: string, generated: string): string {
  const start = document.indexOf(RESULTS_START);
  const end = document.indexOf(RESULTS_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`docs/benchmarks.md must contain ${RESULTS_START} and then ${RESULTS_END} around the results.`);
  }
  return `${document.slice(0, start + RESULTS_START.length)}\n${generated}\n${document.slice(end)}`;
}
