import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ownedByServer, type PostgresServer } from './postgres-server.js';

const run = promisify(execFile);

/** Directories whose contents a base backup leaves out (the same list pg_basebackup skips). */
const EMPTY_IN_BACKUP = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_stat_tmp',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_subtrans',
]);
const LEFT_OUT = new Set(['postmaster.pid', 'postmaster.opts', 'pgsql_tmp']);

/**
 * Copies the data directory of a running server with the low-level backup API: `pg_backup_start`,
 * a file copy of the live directory, `pg_backup_stop`, whose `backup_label` goes into the copy.
 * Replaying WAL from the start position in that label makes the copy consistent.
 */
export async function copyDataDirectory(server: PostgresServer, destination: string, label: string): Promise<void> {
  const session = await server.connect();
  try {
    await session.query(`SELECT pg_backup_start($1, true)`, [label]);
    await copyTree(server.dataDir, destination, true);
    const { rows } = await session.query<{ labelfile: string }>('SELECT labelfile FROM pg_backup_stop(true)');
    await writeFile(join(destination, 'backup_label'), rows[0].labelfile);
  } finally {
    await session.end();
  }
  await chmod(destination, 0o700);
  await ownedByServer(destination, { recursive: true });
}

/**
 * An online base backup in the layout `backup.sh run` writes with pg_basebackup:
 * `<backupDir>/base/<id>/base.tar.gz`, the data directory with its `backup_label`.
 */
export async function takeBaseBackup(server: PostgresServer, workDir: string, backupDir: string): Promise<string> {
  const id = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const copy = join(workDir, `copy-${id}`);
  await copyDataDirectory(server, copy, `drill-${id}`);
  const target = join(backupDir, 'base', id);
  await mkdir(target, { recursive: true });
  await ownedByServer(target);
  await run('tar', ['-czf', join(target, 'base.tar.gz'), '-C', copy, ...(await readdir(copy))]);
  return target;
}

/** Copies a live data directory; files that vanish while it runs are skipped, as a backup must. */
async function copyTree(from: string, to: string, top: boolean): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true }).catch(() => [])) {
    if (LEFT_OUT.has(entry.name)) continue;
    const source = join(from, entry.name);
    const destination = join(to, entry.name);
    if (entry.isDirectory()) {
      if (top && EMPTY_IN_BACKUP.has(entry.name)) await mkdir(destination);
      else await copyTree(source, destination, false);
    } else {
      await copyFile(source, destination).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
  }
}
