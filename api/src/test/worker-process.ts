import { spawn, type ChildProcess } from 'node:child_process';
import { API_DIST, waitFor } from './api-process.js';
import { freePort } from './free-port.js';

export interface WorkerProcess {
  readonly port: number;
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
  get(path: string): Promise<{ status: number; text: string }>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Settings that make a test's worker quick: short polls, retries and expiry. */
export const FAST_WORKER_ENV: Record<string, string> = {
  MAIL_FROM: 'Test Library <notices@library.test>',
  LIBRARY_NAME: 'Test Library',
  NOTICE_POLL_SECONDS: '1',
  NOTICE_RETRY_DELAY_SECONDS: '1',
  NOTICE_RETRY_LIMIT: '3',
  NOTICE_SMTP_TIMEOUT_SECONDS: '1',
  NOTICE_SEND_TIMEOUT_SECONDS: '4',
  NOTICE_MAINTENANCE_SECONDS: '1',
  // Never during a test: the tests run the scan themselves.
  NOTICE_SCAN_CRON: '0 0 29 2 1',
};

/** Starts `node dist/worker.js` as its own process and waits until its readiness probe answers 200. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const port = Number(env.WORKER_PORT) || (await freePort());
  const child = spawn(process.execPath, [`${API_DIST}worker.js`], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...FAST_WORKER_ENV, ...env, WORKER_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, text: await response.text() };
  };
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  await waitFor(
    async () => {
      if (exitedEarly) throw new Error(`The worker exited during startup:\n${output}`);
      return (await get('/health/ready')).status === 200;
    },
    { timeoutMs: 30_000, what: 'the worker to be ready' },
  ).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${output}`);
  });
  return {
    port,
    child,
    output: () => output,
    exited,
    get,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}
