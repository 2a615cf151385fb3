import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./backup.sh', import.meta.url));
const DAY = 86_400;
let dir: string;

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A backup target with base backups that ended `daysAgo` days ago, starting at the given WAL segments. */
function target(backups: { id: string; daysAgo: number; startWal: string }[], wal: string[]): string {
  dir = mkdtempSync(join(tmpdir(), 'lms-backup-'));
  const now = Math.floor(Date.now() / 1000);
  for (const { id, daysAgo, startWal } of backups) {
    mkdirSync(join(dir, 'base', id), { recursive: true });
    writeFileSync(join(dir, 'base', id, 'base.tar.gz'), '');
    writeFileSync(join(dir, 'base', id, 'backup_info'), `start_wal=${startWal}\nstop_epoch=${now - daysAgo * DAY}\n`);
  }
  mkdirSync(join(dir, 'wal'), { recursive: true });
  for (const name of wal) writeFileSync(join(dir, 'wal', name), '');
  return dir;
}

function prune(env: Record<string, string>): { code: number; output: string } {
  try {
    const output = execFileSync('sh', [script, 'prune'], {
      env: { PATH: process.env.PATH, BACKUP_DIR: dir, ...env },
      stdio: 'pipe',
    });
    return { code: 0, output: output.toString() };
  } catch (error) {
    const e = error as { status: number; stderr: Buffer };
    return { code: e.status, output: e.stderr.toString() };
  }
}

const WAL = [
  '000000010000000000000001',
  '000000010000000000000002',
  '000000010000000000000002.00000028.backup',
  '000000010000000000000003',
  '00000002.history',
  '000000020000000000000004',
];

describe('backup.sh prune (the retention of the StatefulSet mode)', () => {
  it('deletes base backups older than the retention beyond the minimum, and the WAL only they needed', () => {
    target(
      [
        { id: 'old', daysAgo: 10, startWal: '000000010000000000000001' },
        { id: 'older-than-week', daysAgo: 8, startWal: '000000010000000000000002' },
        { id: 'recent', daysAgo: 1, startWal: '000000010000000000000003' },
      ],
      WAL,
    );
    expect(prune({ RETENTION_DAYS: '7', MIN_BASE_BACKUPS: '1' }).code).toBe(0);
    expect(readdirSync(join(dir, 'base'))).toEqual(['recent']);
    expect(readdirSync(join(dir, 'wal')).sort()).toEqual([
      '000000010000000000000003',
      '00000002.history',
      '000000020000000000000004',
    ]);
  });

  it('keeps the newest MIN_BASE_BACKUPS however old they are, so a broken schedule never empties the target', () => {
    target(
      [
        { id: 'a', daysAgo: 30, startWal: '000000010000000000000001' },
        { id: 'b', daysAgo: 20, startWal: '000000010000000000000002' },
      ],
      WAL,
    );
    expect(prune({ RETENTION_DAYS: '7', MIN_BASE_BACKUPS: '2' }).code).toBe(0);
    expect(readdirSync(join(dir, 'base')).sort()).toEqual(['a', 'b']);
    expect(readdirSync(join(dir, 'wal'))).toHaveLength(WAL.length);
  });

  it('refuses to touch the WAL archive when there is no complete base backup', () => {
    target([], WAL);
    mkdirSync(join(dir, 'base', 'unfinished'), { recursive: true });
    const run = prune({ RETENTION_DAYS: '7', MIN_BASE_BACKUPS: '1' });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('no complete base backup; nothing is pruned.');
    expect(readdirSync(join(dir, 'wal'))).toHaveLength(WAL.length);
    expect(existsSync(join(dir, 'base', 'unfinished'))).toBe(true);
  });

  it('names the missing setting', () => {
    target([{ id: 'a', daysAgo: 1, startWal: '000000010000000000000001' }], WAL);
    expect(prune({ MIN_BASE_BACKUPS: '1' }).output).toContain('set RETENTION_DAYS');
  });
});
