import autocannon from 'autocannon';

/** One measured load run against one server. */
export interface LoadResult {
  /** `books-by-id`, `books-search`, `loan-cycle`. */
  readonly scenario: string;
  /** `api` or `baseline`. */
  readonly server: string;
  /** 1 for the first round of a scenario. */
  readonly round: number;
  readonly durationSeconds: number;
  readonly connections: number;
  /** Responses per second over the whole run (every status). */
  readonly requestsPerSecond: number;
  /** Per-second samples of the response rate: their median and spread. */
  readonly requestsPerSecondSamples: { readonly median: number; readonly min: number; readonly max: number };
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  readonly responses: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Responses with a status outside 200-299. */
  readonly non2xx: number;
  /** Status code → count, for diagnosing non-2xx. */
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Request sequences cut short because a step could not be built (a loan that was not created). */
  readonly resets: number;
  /**
   * CPU time the server process spent per response, in microseconds: unlike req/s, barely moved by
   * other work on a shared machine (the database's CPU is not included).
   */
  readonly serverCpuMicrosPerResponse: number;
}

export interface LoadProps {
  readonly scenario: string;
  readonly server: string;
  readonly round: number;
  readonly baseUrl: string;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** The request sequence every connection loops over (autocannon's `requests`). */
  readonly requests: readonly autocannon.Request[];
  /** CPU seconds the server process has used so far. */
  readonly serverCpuSeconds: () => number;
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Warms the server up (results discarded), then measures. */
export async function measureLoad(props: LoadProps): Promise<LoadResult> {
  const options: autocannon.Options = {
    url: props.baseUrl,
    connections: props.connections,
    requests: [...props.requests],
    timeout: 10,
  };
  if (props.warmupSeconds > 0) await run({ ...options, duration: props.warmupSeconds });
  const cpuBefore = props.serverCpuSeconds();
  const result = await run({ ...options, duration: props.durationSeconds });
  const cpuSeconds = props.serverCpuSeconds() - cpuBefore;
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  const responses = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    scenario: props.scenario,
    server: props.server,
    round: props.round,
    durationSeconds: result.duration,
    connections: props.connections,
    requestsPerSecond: responses / result.duration,
    requestsPerSecondSamples: { median: result.requests.p50, min: result.requests.min, max: result.requests.max },
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    responses,
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes,
    resets: result.resets,
    serverCpuMicrosPerResponse: responses > 0 ? (cpuSeconds * 1e6) / responses : 0,
  };
}
