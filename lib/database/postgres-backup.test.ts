import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Testing } from 'cdk8s';
import { findObject } from '../../test/manifests.js';
import type { Manifest } from '../../test/manifests.js';
import { PostgresBackup, walArchiveSettings } from './postgres-backup.js';
import type { PostgresBackupProps } from './postgres-backup.js';

const database = { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/component': 'database' };
const baseProps: PostgresBackupProps = {
  image: 'postgres:16.15-alpine',
  version: '16.15-alpine',
  databaseHost: 'postgres',
  databaseSelector: database,
  credentialsSecretName: 'lms-db-credentials',
};

function synth(props: Partial<PostgresBackupProps> = {}): Manifest[] {
  const chart = Testing.chart();
  new PostgresBackup(chart, 'backup', { ...baseProps, ...props });
  return Testing.synth(chart) as Manifest[];
}

const objects = synth();
const cronJob = findObject(objects, 'CronJob', 'postgres-backup');
const job = cronJob.spec.jobTemplate.spec;
const container = job.template.spec.containers[0];
const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('PostgresBackup', () => {
  it('takes a base backup daily at 02:00 UTC, one at a time, and fails the Job at the first error', () => {
    expect(cronJob.spec).toMatchObject({ schedule: '0 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    expect(job.backoffLimit).toBe(0);
    expect(container.command).toEqual(['sh', '/scripts/backup.sh', 'run']);
  });

  it('applies a retention of 7 days, never below 2 base backups, unless configured otherwise', () => {
    expect(env).toMatchObject({ BACKUP_DIR: '/backup', RETENTION_DAYS: '7', MIN_BASE_BACKUPS: '2' });
    const longer = findObject(synth({ retentionDays: 30, minBaseBackups: 5 }), 'CronJob', 'postgres-backup');
    expect(longer.spec.jobTemplate.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'RETENTION_DAYS', value: '30' },
        { name: 'MIN_BASE_BACKUPS', value: '5' },
      ]),
    );
  });

  it('logs in with the owner credentials from the Secret, never a literal password', () => {
    expect(env.PGPASSWORD).toEqual({ secretKeyRef: { name: 'lms-db-credentials', key: 'password' } });
    expect(env.PGHOST).toBe('postgres');
  });

  it('runs on the database node, because the backup volume is ReadWriteOnce and mounted there', () => {
    expect(job.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: database }, topologyKey: 'kubernetes.io/hostname' },
    ]);
    const claim = findObject(objects, 'PersistentVolumeClaim', 'postgres-backup');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
    expect(claim.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  it('ships backup.sh and restore.sh unchanged, the files the restore drill runs', () => {
    const scripts = findObject(objects, 'ConfigMap', 'postgres-backup-scripts');
    for (const file of ['backup.sh', 'restore.sh']) {
      expect(scripts.data[file]).toBe(readFileSync(new URL(`./backup/${file}`, import.meta.url), 'utf8'));
    }
  });

  it('lets the backup pod reach the database on 5432 and the cluster DNS, and nothing else', () => {
    const policy = findObject(objects, 'NetworkPolicy', 'postgres-backup');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress).toEqual([]);
    expect(policy.spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: database } }], ports: [{ protocol: 'TCP', port: 5432 }] },
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ]);
  });

  it('refuses a retention, minimum or schedule that makes no sense, saying what to change', () => {
    expect(() => synth({ retentionDays: 0 })).toThrow("'retentionDays' is 0; keep backups for at least 1 whole day.");
    expect(() => synth({ minBaseBackups: 0 })).toThrow("'minBaseBackups' is 0; keep at least 1 base backup.");
    expect(() => synth({ schedule: 'daily' })).toThrow(/must be a five-field cron expression/);
  });
});

describe('walArchiveSettings', () => {
  it('archives with basic_archive into the backup volume within archive_timeout', () => {
    expect(walArchiveSettings(300)).toEqual({
      wal_level: 'replica',
      archive_mode: 'on',
      archive_library: 'basic_archive',
      'basic_archive.archive_directory': '/backup/wal',
      archive_timeout: '300s',
    });
  });

  it('refuses an archive_timeout that would let the RPO exceed 5 minutes', () => {
    expect(() => walArchiveSettings(600)).toThrow(/use 1 to 300 so the RPO stays within 5 minutes/);
  });
});
