import type { HttpResponse } from '../http.js';

export interface Sample {
  /** What the request did, e.g. `checkout`, `register`, `read`. */
  readonly kind: string;
  /** `Date.now()` when the request left. */
  readonly startedAt: number;
  readonly latencyMs: number;
  /** 0 when no HTTP response came back (connection refused or reset). */
  readonly status: number;
  readonly code?: string;
  readonly contentType?: string;
  readonly error?: string;
}

/** One request of a worker; the load times it and records the outcome. */
export type LoadStep = (worker: number) => Promise<{ kind: string; response: HttpResponse } | undefined>;

export interface SteadyLoadProps {
  /** Workers, each with one request in flight at a time (a keep-alive client per worker). */
  readonly concurrency: number;
  readonly step: LoadStep;
  /** Pause between a worker's requests, so failing fast does not turn into a busy loop. @default 10 */
  readonly pauseMs?: number;
}

/** Closed-loop load: `concurrency` workers send requests back to back until stopped, every one recorded. */
export class SteadyLoad {
  readonly samples: Sample[] = [];
  private running = true;
  private readonly workers: Promise<void>[];

  constructor(private readonly props: SteadyLoadProps) {
    this.workers = Array.from({ length: props.concurrency }, (_, worker) => this.work(worker));
  }

  /** Stops sending new requests and waits for those in flight. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(worker: number): Promise<void> {
    while (this.running) {
      const startedAt = Date.now();
      try {
        const outcome = await this.props.step(worker);
        if (outcome) {
          const { kind, response } = outcome;
          this.samples.push({
            kind,
            startedAt,
            latencyMs: Date.now() - startedAt,
            status: response.status,
            code: response.status >= 400 ? (response.body as { code?: string } | undefined)?.code : undefined,
            contentType: response.headers.get('content-type') ?? undefined,
          });
        }
      } catch (error) {
        this.samples.push({
          kind: 'error',
          startedAt,
          latencyMs: Date.now() - startedAt,
          status: 0,
          error: String(error),
        });
      }
      await new Promise((resolve) => setTimeout(resolve, this.props.pauseMs ?? 10));
    }
  }
}

/** Latency percentiles and maximum of some samples, in milliseconds. */
export function latencySummary(samples: readonly Sample[]): { p50: number; p99: number; max: number } {
  const sorted = samples.map(({ latencyMs }) => latencyMs).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}
