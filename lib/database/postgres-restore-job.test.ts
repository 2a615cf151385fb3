import { describe, expect, it } from '@jest/globals';
import { Testing } from 'cdk8s';
import { findObject } from '../../test/manifests.js';
import type { Manifest } from '../../test/manifests.js';
import { PostgresRestoreJob } from './postgres-restore-job.js';

function synth(target: string): Manifest[] {
  const chart = Testing.chart();
  new PostgresRestoreJob(chart, 'restore', {
    image: 'postgres:16.15-alpine',
    version: '16.15-alpine',
    target,
    dataClaimName: 'data-postgres-0',
    backupClaimName: 'postgres-backup',
    scriptsConfigMapName: 'postgres-backup-scripts',
  });
  return Testing.synth(chart) as Manifest[];
}

const container = (objects: Manifest[]) =>
  findObject(objects, 'Job', 'postgres-restore').spec.template.spec.containers[0];

describe('PostgresRestoreJob', () => {
  it('restores the latest state with restore.sh after moving the current data directory aside', () => {
    const restore = container(synth('latest'));
    expect(restore.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(restore.command[2]).toMatch(/mv "\$PGDATA" "\$PGDATA\.before-restore-/);
    expect(restore.command[2]).toContain('exec sh /scripts/restore.sh "$@"');
    expect(restore.command.slice(3)).toEqual(['restore']);
    expect(restore.env).toEqual([
      { name: 'BACKUP_DIR', value: '/backup' },
      { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
    ]);
  });

  it('passes a point in time to restore.sh as --target-time and reads the backups read-only', () => {
    const objects = synth('2026-01-31T13:45:00Z');
    expect(container(objects).command.slice(3)).toEqual(['restore', '--target-time', '2026-01-31T13:45:00Z']);
    const volumes = findObject(objects, 'Job', 'postgres-restore').spec.template.spec.volumes;
    expect(volumes).toEqual(
      expect.arrayContaining([
        { name: 'data', persistentVolumeClaim: { claimName: 'data-postgres-0' } },
        { name: 'backup', persistentVolumeClaim: { claimName: 'postgres-backup', readOnly: true } },
      ]),
    );
  });

  it('refuses a target that is neither latest nor a UTC time', () => {
    expect(() => synth('yesterday')).toThrow(/must be 'latest' or a UTC time like 2026-01-31T13:45:00Z/);
  });
});
