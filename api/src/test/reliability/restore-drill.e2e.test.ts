import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuiltScript } from '../api-process.js';
import { takeBaseBackup } from '../base-backup.js';
import { freePort } from '../free-port.js';
import {
  initCluster,
  ownedByServer,
  postgresBinaries,
  PostgresServer,
  SERVER_USER,
  serverRunAs,
} from '../postgres-server.js';
import { tableChecksums } from '../table-checksums.js';
import { reportFigures } from './figures.js';

/** The scripts the StatefulSet mode runs in the cluster (lib/database/backup/), unchanged. */
const SCRIPTS = fileURLToPath(new URL('../../../../lib/database/backup/', import.meta.url));
/** 1 s here so the drill is short; the manifests use 300 s (RPO ≤ 5 min). */
const ARCHIVE_TIMEOUT_SECONDS = 1;
const DATABASE = 'lms';
const ROWS_PER_BATCH = 100;

interface ScriptRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

async function runScript(script: string, args: string[], env: Record<string, string>): Promise<ScriptRun> {
  const runAs = await serverRunAs();
  const started = Date.now();
  return new Promise((resolve) => {
    execFile('sh', [join(SCRIPTS, script), ...args], { env, ...runAs }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, ms: Date.now() - started }),
    );
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let root: string;
let backupDir: string;
let primary: PostgresServer;
let scriptEnv: Record<string, string>;
const batchA: number[] = [];
const batchB: number[] = [];
let targetTime: string;
let checksumsAtTarget: Record<string, string>;
const archiveLagsMs: number[] = [];

/** Commits one row of a batch, each its own transaction; returns the id. */
async function write(batch: string): Promise<number> {
  const [row] = await primary.query<{ id: number }>(
    `INSERT INTO drill_writes (batch, payload) VALUES ($1, repeat(md5(random()::text), 20)) RETURNING id`,
    [batch],
    DATABASE,
  );
  return Number(row.id);
}

/** How long until the WAL segment holding everything committed so far is in the archive. */
async function archiveLagMs(): Promise<number> {
  const committed = Date.now();
  const [{ segment }] = await primary.query<{ segment: string }>(
    // The end of the last commit; `- 1` keeps a commit that ended exactly at a segment boundary in its segment.
    `SELECT pg_walfile_name(pg_current_wal_flush_lsn() - 1) AS segment`,
  );
  for (;;) {
    if (existsSync(join(backupDir, 'wal', segment))) return Date.now() - committed;
    if (Date.now() - committed > 30_000) throw new Error(`WAL segment ${segment} was not archived within 30 s.`);
    await sleep(20);
  }
}

async function restore(args: string[]): Promise<{ run: ScriptRun; dataDir: string; port: number }> {
  const dataDir = join(root, `restored-${Date.now()}`);
  const port = await freePort();
  const run = await runScript('restore.sh', args, { ...scriptEnv, PGDATA: dataDir, RESTORE_PORT: String(port) });
  return { run, dataDir, port };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lms-restore-drill-'));
  backupDir = join(root, 'backup');
  const { binDir } = await postgresBinaries();
  scriptEnv = { PATH: `${binDir}:${process.env.PATH ?? ''}`, BACKUP_DIR: backupDir, TZ: 'UTC' };
  await mkdir(join(backupDir, 'wal'), { recursive: true });
  await mkdir(join(backupDir, 'base'), { recursive: true });
  for (const dir of [root, backupDir, join(backupDir, 'wal'), join(backupDir, 'base')]) await ownedByServer(dir);
  await initCluster(join(root, 'primary'), { walSegmentMiB: 1 });
  primary = await PostgresServer.start(join(root, 'primary'), await freePort(), {
    wal_level: 'replica',
    archive_mode: 'on',
    archive_library: 'basic_archive',
    'basic_archive.archive_directory': join(backupDir, 'wal'),
    archive_timeout: ARCHIVE_TIMEOUT_SECONDS,
  });
  await primary.query(`CREATE DATABASE ${DATABASE}`);
  const env = { PGHOST: '127.0.0.1', PGPORT: String(primary.port), PGUSER: SERVER_USER, PGDATABASE: DATABASE };
  const migration = await runBuiltScript('database/migrate.js', env);
  if (migration.code !== 0) throw new Error(`Migration failed:\n${migration.stderr}`);
  const seeded = await runBuiltScript('database/seed.js', {
    ...env,
    SEED_ADMIN_EMAIL: 'drill-admin@example.org',
    SEED_ADMIN_PASSWORD: 'a-long-drill-password',
  });
  if (seeded.code !== 0) throw new Error(`Seed failed:\n${seeded.stderr}`);
  await primary.query(
    `CREATE TABLE drill_writes (id bigserial PRIMARY KEY, batch text NOT NULL, payload text NOT NULL,
       committed_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    [],
    DATABASE,
  );

  // Writes go on while the base backup copies the live files: the WAL replay makes them consistent.
  let writing = true;
  const during = (async () => {
    while (writing) batchA.push(await write('during-backup'));
  })();
  const backup = await takeBaseBackup(primary, root, backupDir);
  writing = false;
  await during;
  const recorded = await runScript('backup.sh', ['record', backup], scriptEnv);
  if (recorded.code !== 0) throw new Error(`backup.sh record failed: ${recorded.stderr}`);

  for (let i = 0; i < ROWS_PER_BATCH; i++) batchA.push(await write('A'));
  archiveLagsMs.push(await archiveLagMs());
  checksumsAtTarget = await tableChecksums(primary, DATABASE);
  const [{ now }] = await primary.query<{ now: string }>(
    `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now`,
  );
  targetTime = now;
  await sleep(200);
  for (let i = 0; i < ROWS_PER_BATCH; i++) {
    batchB.push(await write('B'));
    if (i % 25 === 24) archiveLagsMs.push(await archiveLagMs());
  }
  archiveLagsMs.push(await archiveLagMs());
}, 180_000);

afterAll(async () => {
  await primary?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Starts a restored data directory, reads what it holds, stops it. */
async function inspect(dataDir: string, port: number) {
  const server = await PostgresServer.start(dataDir, port);
  try {
    const rows = await server.query<{ id: string }>('SELECT id FROM drill_writes', [], DATABASE);
    const ids = new Set(rows.map((row) => Number(row.id)));
    const [{ inRecovery }] = await server.query<{ inRecovery: boolean }>('SELECT pg_is_in_recovery() AS "inRecovery"');
    return { ids, inRecovery, checksums: await tableChecksums(server, DATABASE) };
  } finally {
    await server.stop();
  }
}

describe('restore drill: a base backup and the WAL archive, replayed into a fresh server', () => {
  it('restores to a time between two known writes: every row before it, none after, equal table checksums', async () => {
    const { run, dataDir, port } = await restore(['--target-time', targetTime]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const restored = await inspect(dataDir, port);
    const presentBefore = batchA.filter((id) => restored.ids.has(id)).length;
    const presentAfter = batchB.filter((id) => restored.ids.has(id)).length;
    reportFigures('restore drill, point in time', {
      archiveTimeoutSeconds: ARCHIVE_TIMEOUT_SECONDS,
      measuredRpoMs: Math.max(...archiveLagsMs),
      restoreMs: run.ms,
      rowsBeforeTarget: batchA.length,
      rowsBeforeTargetPresent: presentBefore,
      rowsAfterTarget: batchB.length,
      rowsAfterTargetPresent: presentAfter,
      tables: Object.keys(checksumsAtTarget).length,
    });
    expect(restored.inRecovery).toBe(false);
    expect(presentBefore).toBe(batchA.length);
    expect(presentAfter).toBe(0);
    expect(restored.checksums).toEqual(checksumsAtTarget);
    expect(Object.keys(checksumsAtTarget)).toEqual(expect.arrayContaining(['books', 'loans', 'users']));
    // The bound the manifests promise: nothing committed waits longer than archive_timeout to be archived.
    expect(Math.max(...archiveLagsMs)).toBeLessThanOrEqual(ARCHIVE_TIMEOUT_SECONDS * 1000 + 1500);
  }, 120_000);

  it('restores the latest archived state into a new database when no target is given', async () => {
    const { run, dataDir, port } = await restore([]);
    expect(run.code).toBe(0);
    const restored = await inspect(dataDir, port);
    reportFigures('restore drill, latest', { restoreMs: run.ms, rowsRestored: restored.ids.size });
    expect([...batchA, ...batchB].filter((id) => !restored.ids.has(id))).toEqual([]);
  }, 120_000);

  it('refuses a target before the oldest base backup, naming the window, and leaves the new volume empty', async () => {
    const { run, dataDir } = await restore(['--target-time', '2001-01-01T00:00:00Z']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(
      /target 2001-01-01T00:00:00Z is before the oldest base backup; the restorable window is \S+Z to \S+Z\./,
    );
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('refuses a target after the newest archived WAL', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const { run } = await restore(['--target-time', future]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`target ${future} is after the newest archived WAL`);
  });

  it('refuses a target time that is not UTC', async () => {
    const { run } = await restore(['--target-time', '2026-01-31 13:45']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('must be UTC like 2026-01-31T13:45:00Z');
  });
});
