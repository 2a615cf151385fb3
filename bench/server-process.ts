import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** One server under test, started as its own operating-system process. */
export interface ServerProcessProps {
  /** Shown in errors and the report: `api`, `baseline`. */
  readonly name: string;
  /** Arguments after `node` (flags, then the entry file). */
  readonly nodeArgs: readonly string[];
  readonly port: number;
  /** The whole environment of the child (nothing is inherited but PATH). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * File receiving the server's stdout. Its request logs are part of its cost, so they are really written.
   * @default '/dev/null'
   */
  readonly stdoutFile?: string;
  /**
   * Give up waiting for readiness after this many milliseconds.
   * @default 30000
   */
  readonly readyTimeoutMs?: number;
  /**
   * Interval between readiness probes.
   * @default 10
   */
  readonly probeIntervalMs?: number;
}

export interface ServerProcess {
  readonly name: string;
  readonly baseUrl: string;
  readonly pid: number;
  /** Milliseconds from spawn to the first 200 from /health/ready. */
  readonly readyMs: number;
  /** Resident set size now, in MiB (VmRSS). */
  rssMiB(): number;
  /** Highest resident set size so far, in MiB (VmHWM). */
  peakRssMiB(): number;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number;
  /** Why the process ended, when it ended before `stop()`; undefined while it runs. */
  failure(): string | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

function statusFieldMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no ${field} line: is the process still running?`);
  return Number(match[1]) / 1024;
}

/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ), fixed at 100 on every common architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, hence the last ')'): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

async function readyStatus(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** Spawns the server and resolves once /health/ready answers 200, with the time that took. */
export async function startServerProcess(props: ServerProcessProps): Promise<ServerProcess> {
  const stdoutFd = openSync(props.stdoutFile ?? '/dev/null', 'a');
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...props.nodeArgs], {
    env: { PATH: process.env.PATH ?? '', ...props.env, PORT: String(props.port) },
    stdio: ['ignore', stdoutFd, 'pipe'],
  });
  closeSync(stdoutFd);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let stopping = false;
  let exitDescription: string | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      exitDescription = `${props.name} exited (code ${code}, signal ${signal}); stderr:\n${stderr}`;
      resolve(code);
    }),
  );
  const baseUrl = `http://127.0.0.1:${props.port}`;
  const timeoutMs = props.readyTimeoutMs ?? 30_000;
  for (;;) {
    if (exitDescription) throw new Error(`${props.name} did not start: ${exitDescription}`);
    if ((await readyStatus(`${baseUrl}/health/ready`)) === 200) break;
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${props.name} was not ready after ${timeoutMs} ms; stderr:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, props.probeIntervalMs ?? 10));
  }
  const readyMs = performance.now() - started;
  const pid = child.pid!;
  return {
    name: props.name,
    baseUrl,
    pid,
    readyMs,
    rssMiB: () => statusFieldMiB(pid, 'VmRSS'),
    peakRssMiB: () => statusFieldMiB(pid, 'VmHWM'),
    cpuSeconds: () => cpuSecondsOf(pid),
    failure: () => (stopping ? undefined : exitDescription),
    async stop(graceMs = 10_000) {
      stopping = true;
      if (exitDescription) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
