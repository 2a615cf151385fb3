/**
 * cloudnative-pg mode: the lms chart synthesized with LMS_DATABASE=cloudnative-pg, its CloudNativePG
 * 1.30 and Barman Cloud plugin v0.14 objects checked strictly against the CRDs in test/fixtures/crds,
 * and imports/ checked to be exactly what `cdk8s import` generates from them.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Testing } from 'cdk8s';
import { loadConfig } from '../lib/config/config.js';
import { crdValidator } from '../test/crd-schema.js';
import { crdDir } from '../test/fixtures.js';
import { findObject } from '../test/manifests.js';
import type { Manifest } from '../test/manifests.js';
import { ArgoCdChart } from './argocd.js';
import { LmsChart } from './lms.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const crds = {
  Cluster: { file: 'cnpg-clusters-crd.yaml', prefix: 'cnpg', generated: 'cnpg-postgresql.cnpg.io.ts' },
  ScheduledBackup: {
    file: 'cnpg-scheduledbackups-crd.yaml',
    prefix: 'cnpg-scheduledbackup',
    generated: 'cnpg-scheduledbackup-postgresql.cnpg.io.ts',
  },
  ObjectStore: {
    file: 'barman-cloud-objectstores-crd.yaml',
    prefix: 'barman',
    generated: 'barman-barmancloud.cnpg.io.ts',
  },
} as const;
const S3 = {
  LMS_BACKUP_S3_ENDPOINT: 'https://minio.example.org',
  LMS_BACKUP_S3_BUCKET: 'lms-backups',
  LMS_BACKUP_S3_SECRET: 'lms-backup-s3',
};

function synth(env: NodeJS.ProcessEnv = {}): Manifest[] {
  const config = loadConfig({ LMS_API_IMAGE_TAG: '2.0.1', LMS_DATABASE: 'cloudnative-pg', ...S3, ...env });
  return Testing.synth(new LmsChart(Testing.app(), 'lms', { config })) as Manifest[];
}

const objects = synth();

/** The argocd chart of cloudnative-pg mode, delivering the lms chart. */
function synthArgoCd(): Manifest[] {
  const config = loadConfig({ LMS_API_IMAGE_TAG: '2.0.1', LMS_DATABASE: 'cloudnative-pg', ...S3 });
  const app = Testing.app();
  const lms = new LmsChart(app, 'lms', { config });
  return Testing.synth(new ArgoCdChart(app, 'argocd', { config, charts: [lms] })) as Manifest[];
}
const argocd = synthArgoCd();
const cluster = findObject(objects, 'Cluster', 'postgres');

describe('cloudnative-pg mode', () => {
  it('replaces the StatefulSet and its backup CronJob with a Cluster, an ObjectStore and a ScheduledBackup', () => {
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['Cluster/postgres', 'ObjectStore/postgres-backup', 'ScheduledBackup/postgres-nightly']),
    );
    expect(kinds.filter((k) => /^(StatefulSet|CronJob|PersistentVolumeClaim)\//.test(k))).toEqual([]);
  });

  it('runs 3 PostgreSQL 16.15 instances on different nodes with a synchronous standby required for every commit', () => {
    expect(cluster.spec.instances).toBe(3);
    expect(cluster.spec.imageName).toBe('ghcr.io/cloudnative-pg/postgresql:16.15');
    expect(cluster.spec.postgresql.synchronous).toEqual({ method: 'any', number: 1, dataDurability: 'required' });
    expect(cluster.spec.affinity).toEqual({
      enablePodAntiAffinity: true,
      podAntiAffinityType: 'required',
      topologyKey: 'kubernetes.io/hostname',
    });
    expect(cluster.spec.storage).toEqual({ size: '10Gi' });
  });

  it('archives WAL within 5 minutes and backs up nightly to object storage through the Barman Cloud plugin', () => {
    expect(cluster.spec.postgresql.parameters).toEqual({ archive_timeout: '300s' });
    expect(cluster.spec.plugins).toEqual([
      {
        name: 'barman-cloud.cloudnative-pg.io',
        isWALArchiver: true,
        parameters: { barmanObjectName: 'postgres-backup' },
      },
    ]);
    const store = findObject(objects, 'ObjectStore', 'postgres-backup');
    expect(store.spec.retentionPolicy).toBe('7d');
    expect(store.spec.configuration).toMatchObject({
      destinationPath: 's3://lms-backups/',
      endpointURL: 'https://minio.example.org',
      s3Credentials: {
        accessKeyId: { name: 'lms-backup-s3', key: 'ACCESS_KEY_ID' },
        secretAccessKey: { name: 'lms-backup-s3', key: 'ACCESS_SECRET_KEY' },
      },
    });
    expect(findObject(objects, 'ScheduledBackup', 'postgres-nightly').spec).toMatchObject({
      cluster: { name: 'postgres' },
      schedule: '0 0 2 * * *',
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
      immediate: true,
    });
  });

  it("labels the instances like the StatefulSet's pod, so Prometheus scrapes their port 9187 'metrics' unchanged", () => {
    expect(cluster.spec.inheritedMetadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'postgres' });
    expect(cluster.spec.monitoring).toEqual({ enablePodMonitor: false });
  });

  it('points the API and its Jobs at the -rw Service of the primary', () => {
    const configMap = findObject(objects, 'ConfigMap', 'lms-api');
    expect(configMap.data.PGHOST).toBe('postgres-rw');
  });

  it('recovers from the object store to a target time when LMS_DATABASE_RESTORE is set, archiving under a new name', () => {
    const restored = findObject(synth({ LMS_DATABASE_RESTORE: '2026-01-31T13:45:00Z' }), 'Cluster', 'postgres');
    expect(restored.spec.bootstrap.recovery).toMatchObject({
      source: 'origin',
      recoveryTarget: { targetTime: '2026-01-31T13:45:00Z' },
    });
    expect(restored.spec.externalClusters).toEqual([
      {
        name: 'origin',
        plugin: {
          name: 'barman-cloud.cloudnative-pg.io',
          parameters: { barmanObjectName: 'postgres-backup', serverName: 'postgres' },
        },
      },
    ]);
    expect(restored.spec.plugins[0].parameters.serverName).toBe('postgres-restored');
    expect(cluster.spec.bootstrap).toEqual({
      initdb: { database: 'lms', owner: 'lms', secret: { name: 'lms-db-credentials' } },
    });
  });

  it('installs the operator 1.30 and the Barman Cloud plugin from their pinned Helm charts before the lms Application', () => {
    const operator = findObject(argocd, 'Application', 'cloudnative-pg');
    expect(operator.spec.source).toEqual({
      repoURL: 'https://cloudnative-pg.github.io/charts',
      chart: 'cloudnative-pg',
      targetRevision: '0.29.0',
      helm: {
        releaseName: 'cloudnative-pg',
        valuesObject: { crds: { create: true }, monitoring: { podMonitorEnabled: false } },
      },
    });
    expect(operator.spec.destination.namespace).toBe('cnpg-system');
    expect(operator.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
    const plugin = findObject(argocd, 'Application', 'plugin-barman-cloud');
    expect(plugin.spec.source).toMatchObject({ chart: 'plugin-barman-cloud', targetRevision: '0.7.0' });
    const wave = (o: Manifest) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
    expect(wave(operator)).toBeLessThan(wave(plugin));
    expect(wave(plugin)).toBeLessThan(wave(findObject(argocd, 'Application', 'lms')));
    expect(findObject(argocd, 'AppProject', 'lms-operators').spec.sourceRepos).toEqual([
      'https://cloudnative-pg.github.io/charts',
    ]);
  });

  it('lets the API, the notice worker, the Jobs, the other instances, the operator and Prometheus in, nobody else', () => {
    const policy = findObject(objects, 'NetworkPolicy', 'postgres');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'cnpg.io/cluster': 'postgres' } });
    const names = policy.spec.ingress[0].from.map(
      (peer: any) =>
        peer.podSelector.matchLabels['app.kubernetes.io/name'] ?? peer.podSelector.matchLabels['cnpg.io/cluster'],
    );
    expect(names).toEqual(['lms-api', 'lms-notice-worker', 'lms-migrate', 'lms-seed', 'postgres']);
    expect(policy.spec.ingress.slice(1).map((rule: any) => rule.ports.map((port: any) => port.port))).toEqual([
      [8000, 5432],
      [9187],
    ]);
  });
});

describe('cloudnative-pg objects against the CloudNativePG 1.30 and Barman Cloud v0.14 CRDs', () => {
  const validators = Object.fromEntries(
    Object.entries(crds).map(([kind, { file }]) => [kind, crdValidator(crdDir, file)]),
  );

  it('renders every Cluster, ScheduledBackup and ObjectStore valid under the strict CRD schema, restore included', () => {
    const custom = [...objects, ...synth({ LMS_DATABASE_RESTORE: '2026-01-31T13:45:00Z' })].filter(
      (o) => o.kind in validators,
    );
    expect(custom.length).toBe(6);
    for (const doc of custom) {
      const validate = validators[doc.kind];
      const valid = validate(doc);
      expect({ kind: doc.kind, errors: valid ? [] : validate.errors }).toEqual({ kind: doc.kind, errors: [] });
    }
  });

  it('renders the operator Applications and their AppProject valid under the strict Argo CD CRDs', () => {
    const argoValidators = {
      Application: crdValidator(crdDir, 'argocd-application-crd.yaml'),
      AppProject: crdValidator(crdDir, 'argocd-appproject-crd.yaml'),
    };
    for (const doc of argocd) {
      const validate = argoValidators[doc.kind as keyof typeof argoValidators];
      const valid = validate(doc);
      expect({ name: doc.metadata.name, errors: valid ? [] : validate.errors }).toEqual({
        name: doc.metadata.name,
        errors: [],
      });
    }
  });

  it('rejects a misspelt or mistyped field, so the check above can fail', () => {
    expect(validators.Cluster({ ...cluster, spec: { ...cluster.spec, instance: 3 } })).toBe(false);
    expect(validators.Cluster({ ...cluster, spec: { ...cluster.spec, instances: 'three' } })).toBe(false);
  });

  it('keeps the CloudNativePG imports exactly as cdk8s import generates them from the same CRDs', () => {
    const out = mkdtempSync(join(tmpdir(), 'lms-import-'));
    try {
      const cli = join(repoRoot, 'node_modules', '.bin', 'cdk8s');
      for (const { file, prefix, generated } of Object.values(crds)) {
        execFileSync(cli, ['import', `${prefix}:=${join(crdDir, file)}`, '--language', 'typescript', '--output', out], {
          cwd: out,
          stdio: 'pipe',
        });
        expect(readFileSync(join(repoRoot, 'imports', generated), 'utf8')).toBe(
          readFileSync(join(out, generated), 'utf8'),
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
