import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { API_DIST, runBuiltScript } from '../api/src/test/api-process.js';
import { freePort } from '../api/src/test/free-port.js';
import { startPostgres, type TestPostgres } from '../api/src/test/postgres.js';
import { logIn, readFixtures } from './fixtures.js';
import { measureLoad, type LoadResult } from './load.js';
import { describeMachine } from './machine.js';
import { parseOptions, type BenchOptions } from './options.js';
import {
  checkTargets,
  errorCount,
  figuresTable,
  loadTable,
  replaceResults,
  resultsMarkdown,
  targetsTable,
  type BenchResults,
} from './report.js';
import { summarizeProfile } from './profile-summary.js';
import { booksById, booksSearch, loanCycle } from './scenarios.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { repeat, round } from './stats.js';
import { timeMetricsScrapes, timeSynth } from './timings.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const WORK_DIR = `${REPO_ROOT}.bench-tmp/`;
const RESULTS_FILE = `${REPO_ROOT}bench/results.json`;
const DOCS_FILE = `${REPO_ROOT}docs/benchmarks.md`;
const PROFILE_DIR = `${WORK_DIR}profiles/`;
/** Idle means after startup has settled, before the first request. */
const IDLE_SETTLE_MS = 2000;

function log(message: string): void {
  console.error(`[bench] ${message}`);
}

/** The production build's environment: info-level logs, no auth rate limit (one client IP sends all the load). */
function apiEnvironment(database: TestPostgres): Record<string, string> {
  return {
    ...database.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    JWT_SECRET: randomBytes(32).toString('hex'),
    JWT_EXPIRES_IN_SECONDS: '3600',
    AUTH_RATE_LIMIT_PER_MINUTE: '0',
    SHUTDOWN_DELAY_MS: '0',
    DB_POOL_MAX: '10',
  };
}

async function prepareDatabase(database: TestPostgres, env: Record<string, string>, options: BenchOptions) {
  const migration = await runBuiltScript('database/migrate.js', env);
  if (migration.code !== 0) throw new Error(`Migration failed:\n${migration.stderr}${migration.stdout}`);
  const memberPassword = randomBytes(18).toString('base64url');
  const seeded = await runBuiltScript('database/seed.js', {
    ...env,
    SEED_BOOKS: String(options.seedBooks),
    SEED_MEMBERS: String(options.seedMembers),
    SEED_ADMIN_EMAIL: 'bench-admin@library.local',
    SEED_ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
    SEED_USER_PASSWORD: memberPassword,
  });
  if (seeded.code !== 0) throw new Error(`Seed failed:\n${seeded.stderr}${seeded.stdout}`);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    // Fresh statistics for the planner, so neither server meets autovacuum halfway through its run.
    await client.query('VACUUM ANALYZE');
    const [counts] = (
      await client.query<{ books: number; users: number; copies: number }>(
        `SELECT (SELECT count(*)::int FROM books WHERE deleted_at IS NULL) AS books,
                (SELECT count(*)::int FROM users) AS users,
                (SELECT count(*)::int FROM copies) AS copies`,
      )
    ).rows;
    return { memberPassword, counts };
  } finally {
    await client.end();
  }
}

async function startApi(env: Record<string, string>, nodeFlags: readonly string[] = []): Promise<ServerProcess> {
  return startServerProcess({
    name: 'api',
    nodeArgs: [...nodeFlags, `${API_DIST}main.js`],
    port: await freePort(),
    env,
    stdoutFile: `${WORK_DIR}api-stdout.log`,
  });
}

async function startBaseline(env: Record<string, string>): Promise<ServerProcess> {
  return startServerProcess({
    name: 'baseline',
    nodeArgs: ['--import', 'tsx', `${REPO_ROOT}bench/baseline-server.ts`],
    port: await freePort(),
    env: { ...env, NODE_ENV: 'production' },
  });
}

function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const machine = describeMachine();
  mkdirSync(WORK_DIR, { recursive: true });
  writeFileSync(`${WORK_DIR}api-stdout.log`, '');
  const failures: string[] = [];
  const running: ServerProcess[] = [];
  log(
    `${options.mode} run on ${machine.cores} cores (${machine.cpuModel}), load average ${machine.loadAverageAtStart}`,
  );

  const database = await startPostgres();
  try {
    const env = apiEnvironment(database);
    log(`seeding ${options.seedBooks} books and ${options.seedMembers} members`);
    const { memberPassword, counts } = await prepareDatabase(database, env, options);
    const fixtures = await readFixtures({ connectionString: database.url }, options.loanMembers);

    log(`timing ${options.starts} cold starts`);
    const startToReadyMs = await repeat(options.starts, async () => {
      const api = await startApi(env);
      await api.stop();
      return api.readyMs;
    });

    rmSync(PROFILE_DIR, { recursive: true, force: true });
    const profileFlags = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    const api = await startApi(env, profileFlags);
    running.push(api);
    const baseline = await startBaseline(env);
    running.push(baseline);
    await settle(IDLE_SETTLE_MS);
    const idleRss = api.rssMiB();

    log(`logging in ${fixtures.memberEmails.length} members`);
    const members = await logIn(api.baseUrl, fixtures.memberEmails, memberPassword);

    const scenarios: LoadResult[] = [];
    const load = async (
      scenario: string,
      round: number,
      server: ServerProcess,
      requests: Parameters<typeof measureLoad>[0]['requests'],
    ) => {
      log(`${scenario} against ${server.name}${options.rounds > 1 ? `, round ${round}` : ''}`);
      const result = await measureLoad({
        scenario,
        server: server.name,
        round,
        baseUrl: server.baseUrl,
        connections: options.connections,
        warmupSeconds: options.warmupSeconds,
        durationSeconds: options.durationSeconds,
        requests,
        serverCpuSeconds: () => server.cpuSeconds(),
      }).catch((error: unknown) => {
        // A server that died makes the measurement fail too; its exit is the better explanation.
        throw new Error(server.failure() ?? String(error));
      });
      const failure = server.failure();
      if (failure) throw new Error(failure);
      scenarios.push(result);
      if (errorCount(result) > 0 || result.resets > 0) {
        failures.push(
          `${scenario} against ${server.name}: ${result.errors} errors, ${result.non2xx} non-2xx, ` +
            `${result.resets} cut-short sequences; status codes ${JSON.stringify(result.statusCodes)}`,
        );
      }
    };
    const reads = [
      ['books-by-id', () => booksById(fixtures.bookIds)],
      ['books-search', () => booksSearch(fixtures.searchTerms)],
    ] as const;
    for (const [scenario, requests] of reads) {
      for (let round = 1; round <= options.rounds; round++) {
        for (const server of round % 2 === 1 ? [api, baseline] : [baseline, api]) {
          await load(scenario, round, server, requests());
        }
      }
    }
    await load('loan-cycle', 1, api, loanCycle(members, fixtures.lendableBookIds));

    const afterLoadRss = api.rssMiB();
    const peakRss = api.peakRssMiB();
    const baselineAfterLoad = baseline.rssMiB();
    log(`timing ${options.metricsScrapes} /metrics scrapes`);
    const metricsScrapeMs = await timeMetricsScrapes(api.baseUrl, options.metricsScrapes);
    for (const server of running.splice(0)) {
      const failure = server.failure();
      if (failure) failures.push(failure);
      await server.stop();
    }
    await database.destroy();

    if (options.profile) {
      const [newest] = readdirSync(PROFILE_DIR).sort().reverse();
      log(`CPU profile of the API under load: ${PROFILE_DIR}${newest}`);
      console.log(`\n${summarizeProfile(`${PROFILE_DIR}${newest}`)}\n`);
    }

    log(`timing ${options.synthRuns} runs of npm run synth`);
    const synthMs = await timeSynth(REPO_ROOT, options.synthRuns);

    const results: BenchResults = {
      machine,
      options,
      loadAverageAtEnd: round(loadavg()[0], 2),
      seed: counts,
      scenarios,
      startToReadyMs,
      memoryMiB: { idle: idleRss, afterLoad: afterLoadRss, peak: peakRss, baselineAfterLoad },
      metricsScrapeMs,
      synthMs,
      failures,
    };
    console.log(`\n${loadTable(results)}\n\n${figuresTable(results)}\n\n${targetsTable(checkTargets(results))}\n`);
    // A profiled API is slower than production: its numbers never become the record.
    if (options.mode === 'full' && !options.profile) {
      writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
      writeFileSync(DOCS_FILE, replaceResults(readFileSync(DOCS_FILE, 'utf8'), resultsMarkdown(results)));
      log('wrote bench/results.json and docs/benchmarks.md');
    } else {
      writeFileSync(`${WORK_DIR}results.json`, `${JSON.stringify(results, null, 2)}\n`);
    }
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    for (const server of running) await server.stop().catch(() => undefined);
    await database.destroy().catch(() => undefined);
  }
  for (const failure of failures) console.error(`[bench] FAILED: ${failure}`);
  return failures.length > 0 ? 1 : 0;
}

process.exit(await main());
