import { describe, expect, it } from '@jest/globals';
import { loadEnvironments } from '../../environments/index.js';

const base = { appNamespace: 'lms-x', monitoringNamespace: 'monitoring-x', cluster: 'https://x.example' };

describe('environment files', () => {
  it('loads dev, staging and prod', () => {
    const environments = loadEnvironments();
    expect(Object.keys(environments)).toEqual(['dev', 'staging', 'prod']);
    expect(environments.prod!.minReplicas ?? 2).toBeGreaterThanOrEqual(2);
  });

  it('rejects an unknown key with file and key', () => {
    expect(() => loadEnvironments({ qa: { ...base, replicas: 3 } })).toThrow(
      /^environments\/qa\.ts: key 'replicas' must NOT have additional properties/,
    );
  });

  it('rejects a wrong type with file and key', () => {
    expect(() => loadEnvironments({ qa: { ...base, minReplicas: 'two' } })).toThrow(
      /^environments\/qa\.ts: key 'minReplicas' must be integer/,
    );
  });

  it('rejects prod below its replica floor', () => {
    expect(() => loadEnvironments({ prod: { ...base, minReplicas: 1, offsiteBackup: true } })).toThrow(
      "environments/prod.ts: key 'minReplicas' is 1; prod needs at least 2.",
    );
  });

  it('rejects prod without a backup target', () => {
    expect(() => loadEnvironments({ prod: base })).toThrow(/key 'offsiteBackup' must be true in prod/);
  });

  it('rejects a duplicate namespace or cluster', () => {
    const other = { ...base, appNamespace: 'lms-y', monitoringNamespace: 'monitoring-y' };
    expect(() => loadEnvironments({ a: base, b: { ...base, cluster: 'https://y.example' } })).toThrow(
      "environments/b.ts: key 'appNamespace' is 'lms-x', already used by environments/a.ts; choose another.",
    );
    expect(() => loadEnvironments({ a: base, b: other })).toThrow(/environments\/b\.ts: key 'cluster'/);
  });
});
