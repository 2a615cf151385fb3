import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { sendRequest, type HttpResponse, type RequestOptions } from './http.js';
import { startPostgres, type TestPostgres } from './postgres.js';

/** The built API (`npm run build`): tests run it as its own process, as production does. */
export const API_DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long';

function requireBuild(): void {
  if (!existsSync(`${API_DIST}main.js`)) {
    throw new Error(`The API is not built (${API_DIST}main.js is missing): run \`npm run build\` first.`);
  }
}

export interface NodeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one of the built entry points (`database/migrate.js`, `database/seed.js`) to completion. */
export async function runBuiltScript(script: string, env: Record<string, string>): Promise<NodeRun> {
  requireBuild();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${API_DIST}${script}`], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ApiProcess {
  readonly baseUrl: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Every JSON line the process wrote on stdout, parsed, in order. */
  readonly logs: Record<string, any>[];
  /** Everything written on stderr. */
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function waitFor(
  condition: () => Promise<boolean>,
  { timeoutMs = 20_000, intervalMs = 50, what = 'condition' } = {},
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await condition().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Starts `node dist/main.js` with the given environment and waits until /health/ready answers 200. */
export async function startApiProcess(
  env: Record<string, string>,
  { waitUntilReady = true }: { waitUntilReady?: boolean } = {},
): Promise<ApiProcess> {
  requireBuild();
  const port = Number(env.PORT) || (await freePort());
  const child = spawn(process.execPath, [`${API_DIST}main.js`], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, any>[] = [];
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ unparsed: line });
      }
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const api: ApiProcess = {
    baseUrl,
    port,
    child,
    logs,
    stderr: () => stderr,
    exited,
    request: (method, path, options) => sendRequest(baseUrl, method, path, options),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
  if (waitUntilReady) {
    let exitedEarly = false;
    void exited.then(() => (exitedEarly = true));
    await waitFor(
      async () => {
        if (exitedEarly) throw new Error(`The API exited during startup:\n${stderr}`);
        return (await api.request('GET', '/health/ready')).status === 200;
      },
      { what: 'the API to become ready' },
    ).catch((error: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${error.message}\nstderr:\n${stderr}`);
    });
  }
  return api;
}

export interface TestStack {
  readonly pg: TestPostgres;
  readonly api: ApiProcess;
  /** The environment the API was started with (database, secret, rules). */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** A real PostgreSQL, migrated, and the built API against it. */
export async function startStack(overrides: Record<string, string> = {}): Promise<TestStack> {
  const pg = await startPostgres();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'info',
    SHUTDOWN_DELAY_MS: '0',
    AUTH_RATE_LIMIT_PER_MINUTE: '0',
    ...pg.env,
    ...overrides,
  };
  const migration = await runBuiltScript('database/migrate.js', env);
  if (migration.code !== 0) throw new Error(`Migration failed:\n${migration.stderr}${migration.stdout}`);
  const api = await startApiProcess(env);
  return {
    pg,
    api,
    env,
    async close() {
      await api.stop('SIGKILL');
      await pg.destroy();
    },
  };
}
