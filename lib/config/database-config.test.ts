import { describe, expect, it } from '@jest/globals';
import { loadDatabaseConfig } from './database-config.js';

const s3 = {
  LMS_BACKUP_S3_ENDPOINT: 'https://minio.example.org',
  LMS_BACKUP_S3_BUCKET: 'lms-backups',
  LMS_BACKUP_S3_SECRET: 'lms-backup-s3',
};

describe('database config', () => {
  it('defaults to the StatefulSet mode with no backup override and no object storage', () => {
    const config = loadDatabaseConfig({});
    expect(config.mode).toBe('statefulset');
    // The constructs hold the defaults (7 days, 2 base backups, archive_timeout 300 s); the config only overrides.
    expect(config.backup).toEqual({ retentionDays: undefined, minBaseBackups: undefined, objectStore: undefined });
    expect(config.backup.objectStore).toBeUndefined();
    expect(config.restore).toBeUndefined();
  });

  it('switches to CloudNativePG with LMS_DATABASE, which then needs object storage', () => {
    expect(loadDatabaseConfig({ LMS_DATABASE: 'cloudnative-pg', ...s3 }).mode).toBe('cloudnative-pg');
    expect(() => loadDatabaseConfig({ LMS_DATABASE: 'cloudnative-pg' })).toThrow(
      /cloudnative-pg mode backs up to object storage: set LMS_BACKUP_S3_ENDPOINT/,
    );
  });

  it('stops the synth on an unknown mode with a sentence naming the valid ones', () => {
    expect(() => loadDatabaseConfig({ LMS_DATABASE: 'patroni' })).toThrow(
      "LMS_DATABASE is 'patroni'; set it to 'statefulset' or 'cloudnative-pg'.",
    );
  });

  it('reads the retention from the environment and refuses values that are not whole days', () => {
    expect(loadDatabaseConfig({ LMS_BACKUP_RETENTION_DAYS: '30' }).backup.retentionDays).toBe(30);
    expect(() => loadDatabaseConfig({ LMS_BACKUP_RETENTION_DAYS: '0' })).toThrow(
      /LMS_BACKUP_RETENTION_DAYS is "0"; it must be a whole number from 1 to 3650/,
    );
    expect(() => loadDatabaseConfig({ LMS_BACKUP_MIN_BASE_BACKUPS: 'two' })).toThrow(/LMS_BACKUP_MIN_BASE_BACKUPS/);
  });

  it('takes object storage only when endpoint, bucket and Secret name are all set', () => {
    expect(loadDatabaseConfig(s3).backup.objectStore).toEqual({
      endpoint: 'https://minio.example.org',
      bucket: 'lms-backups',
      credentialsSecretName: 'lms-backup-s3',
      region: 'us-east-1',
    });
    expect(() => loadDatabaseConfig({ LMS_BACKUP_S3_BUCKET: 'lms-backups' })).toThrow(/set the missing ones/);
    expect(() => loadDatabaseConfig({ ...s3, LMS_BACKUP_S3_ENDPOINT: 'minio:9000' })).toThrow(
      /must be an http\(s\) URL/,
    );
  });

  it('accepts a restore to the latest state or to a UTC time, nothing else', () => {
    expect(loadDatabaseConfig({ LMS_DATABASE_RESTORE: 'latest' }).restore).toBe('latest');
    expect(loadDatabaseConfig({ LMS_DATABASE_RESTORE: '2026-01-31T13:45:00Z' }).restore).toBe('2026-01-31T13:45:00Z');
    expect(() => loadDatabaseConfig({ LMS_DATABASE_RESTORE: '31/01/2026' })).toThrow(
      "LMS_DATABASE_RESTORE is '31/01/2026'; set it to 'latest' or a UTC time like 2026-01-31T13:45:00Z.",
    );
  });
});
