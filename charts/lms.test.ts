import { describe, expect, it } from '@jest/globals';
import { Testing } from 'cdk8s';
import { loadConfig } from '../lib/config/config.js';
import type { AppConfig } from '../lib/config/config.js';
import { findObject, podSpecs } from '../test/manifests.js';
import type { Manifest } from '../test/manifests.js';
import { LmsChart } from './lms.js';

function synth(env: NodeJS.ProcessEnv = {}, adjust: (c: AppConfig) => AppConfig = (c) => c): Manifest[] {
  const config = adjust(loadConfig({ LMS_API_IMAGE_TAG: '2.0.1', ...env }));
  return Testing.synth(new LmsChart(Testing.app(), 'lms', { config })) as Manifest[];
}

const objects = synth();
const wave = (o: Manifest) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
const waveOf = (kind: string, name: string) => wave(findObject(objects, kind, name));

describe('LmsChart objects', () => {
  it('renders exactly the objects of the architecture, named without hash suffixes', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/lms-api',
      'ConfigMap/lms-notice-worker',
      'ConfigMap/postgres-backup-scripts',
      'ConfigMap/postgres-hba',
      'ConfigMap/postgres-init',
      'CronJob/postgres-backup',
      'Deployment/lms-api',
      'Deployment/lms-notice-worker',
      'HorizontalPodAutoscaler/lms-api',
      'Job/lms-migrate',
      'Job/lms-secret-generator',
      'Job/lms-seed',
      'Namespace/lms',
      'NetworkPolicy/default-deny-ingress',
      'NetworkPolicy/lms-api',
      'NetworkPolicy/lms-notice-worker',
      'NetworkPolicy/postgres',
      'NetworkPolicy/postgres-backup',
      'PersistentVolumeClaim/postgres-backup',
      'PodDisruptionBudget/lms-api',
      'Role/lms-secret-generator',
      'RoleBinding/lms-secret-generator',
      'Service/lms-api',
      'Service/postgres',
      'ServiceAccount/lms-secret-generator',
      'StatefulSet/postgres',
    ]);
  });

  it('puts every namespaced object in lms and labels the namespace PSA restricted at v1.28', () => {
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe('lms');
    const namespace = findObject(objects, 'Namespace', 'lms');
    expect(namespace.metadata).not.toHaveProperty('namespace');
    expect(namespace.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.28',
    });
  });

  it('labels every object with the six app.kubernetes.io labels', () => {
    for (const o of objects.filter(
      (x) => !['Namespace', 'NetworkPolicy'].includes(x.kind) || x.metadata.name !== 'default-deny-ingress',
    )) {
      if (o.kind === 'Namespace') continue;
      expect(Object.keys(o.metadata.labels).sort()).toEqual(
        ['component', 'instance', 'managed-by', 'name', 'part-of', 'version'].map((k) => `app.kubernetes.io/${k}`),
      );
    }
  });

  it('uses the API image tag from LMS_API_IMAGE_TAG for the API and both Jobs', () => {
    const images = podSpecs(objects)
      .filter(({ owner }) => ['lms-api', 'lms-migrate', 'lms-seed'].includes(owner.metadata.name))
      .map(({ spec }) => spec.containers[0].image);
    expect(images).toEqual(Array(3).fill('ghcr.io/lms-platform/lms-api:2.0.1'));
  });

  it('points the API at the postgres Service and the generated Secrets', () => {
    const configMap = findObject(objects, 'ConfigMap', 'lms-api');
    expect(configMap.data).toMatchObject({
      NODE_ENV: 'production',
      PGHOST: 'postgres',
      PGPORT: '5432',
      PGDATABASE: 'lms',
      PORT: '8000',
    });
    const env = findObject(objects, 'Deployment', 'lms-api').spec.template.spec.containers[0].env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'PGUSER', valueFrom: { secretKeyRef: { name: 'lms-db-credentials', key: 'username' } } },
        { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'lms-db-credentials', key: 'password' } } },
        { name: 'JWT_SECRET', valueFrom: { secretKeyRef: { name: 'lms-api-jwt', key: 'JWT_SECRET' } } },
      ]),
    );
  });
});

describe('LmsChart sync order', () => {
  it('brings up secrets and config, then the database, then migrate, then the API, then seed', () => {
    const order = [
      waveOf('Namespace', 'lms'),
      waveOf('Job', 'lms-secret-generator'),
      waveOf('StatefulSet', 'postgres'),
      waveOf('Job', 'lms-migrate'),
      waveOf('Deployment', 'lms-api'),
      waveOf('Job', 'lms-seed'),
    ];
    expect(order).toEqual([-3, -2, -1, 0, 1, 2]);
    expect(waveOf('ConfigMap', 'lms-api')).toBe(-2);
    expect(waveOf('Service', 'postgres')).toBe(-1);
    for (const name of ['lms-api']) {
      for (const kind of ['Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'])
        expect(waveOf(kind, name)).toBe(1);
    }
  });

  it('runs migrate as a Sync hook and seed as a PostSync hook, both re-created each sync', () => {
    expect(findObject(objects, 'Job', 'lms-migrate').metadata.annotations).toMatchObject({
      'argocd.argoproj.io/hook': 'Sync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    });
    expect(findObject(objects, 'Job', 'lms-seed').metadata.annotations).toMatchObject({
      'argocd.argoproj.io/hook': 'PostSync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    });
  });

  it('has no PreSync hook, which would run before the namespace and RBAC exist on a first sync', () => {
    const hooks = objects.map((o) => o.metadata.annotations?.['argocd.argoproj.io/hook']).filter(Boolean);
    expect(hooks).not.toContain('PreSync');
  });

  it('lets migrate retry while the database starts and wait for it before running', () => {
    const migrate = findObject(objects, 'Job', 'lms-migrate');
    expect(migrate.spec.backoffLimit).toBe(6);
    expect(migrate.spec.template.spec.containers[0].command).toEqual(['node', 'dist/database/migrate.js']);
    const wait = migrate.spec.template.spec.initContainers[0];
    expect(wait.image).toBe('postgres:16.15-alpine');
    expect(wait.command.join(' ')).toMatch(/until pg_isready -h postgres -p 5432/);
  });

  it('seeds with the generated administrator credentials', () => {
    const seed = findObject(objects, 'Job', 'lms-seed').spec.template.spec.containers[0];
    expect(seed.command).toEqual(['node', 'dist/database/seed.js']);
    expect(seed.env).toContainEqual({
      name: 'SEED_ADMIN_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'lms-seed-admin', key: 'SEED_ADMIN_PASSWORD' } },
    });
  });
});

describe('LmsChart network policies', () => {
  it('denies all ingress in lms unless another policy allows it', () => {
    expect(findObject(objects, 'NetworkPolicy', 'default-deny-ingress').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
    });
  });

  it('lets the API, notice worker, migrate, seed and backup pods, and no others, reach postgres:5432', () => {
    const rule = findObject(objects, 'NetworkPolicy', 'postgres').spec.ingress[0];
    expect(rule.ports).toEqual([{ protocol: 'TCP', port: 5432 }]);
    expect(rule.from.map((peer: any) => peer.podSelector.matchLabels['app.kubernetes.io/name'])).toEqual([
      'lms-api',
      'lms-notice-worker',
      'lms-migrate',
      'lms-seed',
      'postgres-backup',
    ]);
  });
});

describe('LmsChart switches', () => {
  it('renders no generator, Role or ServiceAccount when users bring their own Secrets', () => {
    const own = synth({ LMS_BRING_YOUR_OWN_SECRETS: 'true' });
    expect(own.filter((o) => o.metadata.name === 'lms-secret-generator')).toEqual([]);
    expect(own.some((o) => o.kind === 'Deployment')).toBe(true);
  });

  it('drops the seed Job, its Secret and its network access when seeding is off', () => {
    const unseeded = synth({ LMS_SEED_ENABLED: 'false' });
    expect(unseeded.filter((o) => o.metadata.name === 'lms-seed')).toEqual([]);
    const args = findObject(unseeded, 'Job', 'lms-secret-generator').spec.template.spec.containers[0].command;
    expect(args).not.toContain('lms-seed-admin');
    const from = findObject(unseeded, 'NetworkPolicy', 'postgres').spec.ingress[0].from;
    expect(from.map((peer: any) => peer.podSelector.matchLabels['app.kubernetes.io/name'])).toEqual([
      'lms-api',
      'lms-notice-worker',
      'lms-migrate',
      'postgres-backup',
    ]);
  });

  it('stops the database and renders the restore Job while LMS_DATABASE_RESTORE is set', () => {
    const restoring = synth({ LMS_DATABASE_RESTORE: '2026-01-31T13:45:00Z' });
    expect(findObject(restoring, 'StatefulSet', 'postgres').spec.replicas).toBe(0);
    const restore = findObject(restoring, 'Job', 'postgres-restore').spec.template.spec.containers[0];
    expect(restore.command.slice(-2)).toEqual(['--target-time', '2026-01-31T13:45:00Z']);
    expect(objects.some((o) => o.metadata.name === 'postgres-restore')).toBe(false);
  });

  it('mirrors the backups off-site and archives WAL every 180 s when object storage is configured', () => {
    const s3 = {
      LMS_BACKUP_S3_ENDPOINT: 'https://minio.example.org',
      LMS_BACKUP_S3_BUCKET: 'lms-backups',
      LMS_BACKUP_S3_SECRET: 'lms-backup-s3',
    };
    const mirrored = synth(s3);
    expect(findObject(mirrored, 'CronJob', 'postgres-backup-offsite').spec.schedule).toBe('*/2 * * * *');
    expect(findObject(mirrored, 'StatefulSet', 'postgres').spec.template.spec.containers[0].args).toContain(
      'archive_timeout=180s',
    );
    const restore = findObject(synth({ ...s3, LMS_DATABASE_RESTORE: 'latest' }), 'Job', 'postgres-restore');
    expect(restore.spec.template.spec.initContainers.map((c: { name: string }) => c.name)).toEqual(['fetch-offsite']);
    expect(findObject(objects, 'StatefulSet', 'postgres').spec.template.spec.containers[0].args).toContain(
      'archive_timeout=300s',
    );
  });

  it('adds an Ingress for the configured host when enabled', () => {
    const withIngress = synth({}, (c) => ({
      ...c,
      lms: { ...c.lms, api: { ...c.lms.api, ingress: { enabled: true, host: 'books.example.org' } } },
    }));
    expect(findObject(withIngress, 'Ingress', 'lms-api').spec.rules[0].host).toBe('books.example.org');
  });

  it('claims storage from the configured StorageClass', () => {
    const classed = synth({}, (c) => ({
      ...c,
      lms: { ...c.lms, postgres: { ...c.lms.postgres, storageClass: 'local-path' } },
    }));
    expect(findObject(classed, 'StatefulSet', 'postgres').spec.volumeClaimTemplates[0].spec.storageClassName).toBe(
      'local-path',
    );
  });
});

describe('LmsChart monitoring', () => {
  const chart = new LmsChart(Testing.app(), 'lms', { config: loadConfig({ LMS_API_IMAGE_TAG: '2.0.1' }) });
  const rendered = Testing.synth(chart) as Manifest[];

  it('points the database scrape target at the exporter port of the pods it renders', () => {
    const target = chart.monitoring.database.scrapeTarget!;
    const pod = findObject(rendered, 'StatefulSet', 'postgres').spec.template;
    expect(target.namespace).toBe('lms');
    expect(pod.metadata.labels).toMatchObject(target.matchLabels);
    const portNames = pod.spec.containers.flatMap((c: { ports: { name: string }[] }) => c.ports.map((p) => p.name));
    expect(portNames).toContain(target.portName);
  });

  it('watches the API under the app label its pods carry, with its rules, SLOs and dashboards', () => {
    const { api } = chart.monitoring;
    const labels = findObject(rendered, 'Deployment', 'lms-api').spec.template.metadata.labels;
    expect(api.logStream).toEqual({ namespace: 'lms', app: labels['app.kubernetes.io/name'] });
    expect(api.ruleGroups.map((g) => g.name)).toEqual([
      'lms-api',
      'slo-lms-api-availability',
      'slo-lms-api-latency',
      'slo-lms-checkout',
    ]);
    expect(api.dashboards.map((d) => d.uid)).toEqual(['lms-application', 'lms-slo']);
  });
});
