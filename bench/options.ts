/** How big and how long a benchmark run is. The full run is issue 6's protocol; smoke only keeps the harness working. */
export interface BenchOptions {
  /** `smoke` results are never written to docs/benchmarks.md or bench/results.json. */
  readonly mode: 'full' | 'smoke';
  /** Books the seed creates (SEED_BOOKS). */
  readonly seedBooks: number;
  /** Members the seed creates (SEED_MEMBERS). */
  readonly seedMembers: number;
  /** Concurrent connections of the load generator. */
  readonly connections: number;
  /** Seconds of unmeasured load before each measured run. */
  readonly warmupSeconds: number;
  /** Seconds of each measured run. */
  readonly durationSeconds: number;
  /**
   * Rounds of each read scenario; the API and the baseline take turns (API first, then baseline
   * first, ...), so a change in the machine's load during the run weighs on both alike.
   */
  readonly rounds: number;
  /** Cold starts of the API timed to the first 200 from /health/ready. */
  readonly starts: number;
  /** Timed `npm run synth` runs. */
  readonly synthRuns: number;
  /** Timed /metrics scrapes after the load. */
  readonly metricsScrapes: number;
  /** Members logged in for the loan cycle (each login is one argon2id hash). */
  readonly loanMembers: number;
  /**
   * Write a V8 CPU profile of the API under load into the work directory (`node --cpu-prof`). A
   * profiled run is slower, so its results are written to the work directory only.
   */
  readonly profile: boolean;
}

export const FULL_RUN: BenchOptions = {
  mode: 'full',
  seedBooks: 10_000,
  seedMembers: 1_000,
  connections: 50,
  warmupSeconds: 5,
  durationSeconds: 15,
  rounds: 2,
  starts: 5,
  synthRuns: 3,
  metricsScrapes: 15,
  loanMembers: 200,
  profile: false,
};

export const SMOKE_RUN: BenchOptions = {
  mode: 'smoke',
  seedBooks: 500,
  seedMembers: 60,
  connections: 10,
  warmupSeconds: 1,
  durationSeconds: 2,
  rounds: 1,
  starts: 1,
  synthRuns: 1,
  metricsScrapes: 3,
  loanMembers: 20,
  profile: false,
};

const USAGE = 'usage: npm run bench [-- --smoke] [--profile] [--duration=<seconds>] [--connections=<n>] [--rounds=<n>]';

function positiveInteger(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new Error(`${flag} must be a positive whole number, got "${value}".\n${USAGE}`);
  }
  return number;
}

/** Reads the command line: `--smoke`, `--profile`, `--duration=N`, `--connections=N`, `--rounds=N`. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  let options: BenchOptions = argv.includes('--smoke') ? SMOKE_RUN : FULL_RUN;
  for (const argument of argv) {
    const [flag, value] = argument.split('=', 2);
    if (flag === '--smoke') continue;
    else if (flag === '--profile') options = { ...options, profile: true };
    else if (flag === '--duration' && value !== undefined)
      options = { ...options, durationSeconds: positiveInteger(flag, value) };
    else if (flag === '--connections' && value !== undefined)
      options = { ...options, connections: positiveInteger(flag, value) };
    else if (flag === '--rounds' && value !== undefined) options = { ...options, rounds: positiveInteger(flag, value) };
    else throw new Error(`Unknown argument "${argument}".\n${USAGE}`);
  }
  return options;
}
