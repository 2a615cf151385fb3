import { describe, expect, it } from '@jest/globals';
import { Chart, Testing } from 'cdk8s';
import { findObject } from '../../test/manifests.js';
import type { Manifest } from '../../test/manifests.js';
import { Postgres } from './postgres.js';
import type { PostgresProps } from './postgres.js';

const apiPods = { 'app.kubernetes.io/name': 'lms-api' };
const jobPods = { 'app.kubernetes.io/name': 'lms-migrate' };
const baseProps: PostgresProps = {
  image: 'postgres:16.10-alpine',
  version: '16.10-alpine',
  exporterImage: 'prometheuscommunity/postgres-exporter:v0.17.1',
  credentialsSecretName: 'lms-db-credentials',
  clients: [apiPods, jobPods],
};

function synth(props: Partial<PostgresProps> = {}): Manifest[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'lms' });
  new Postgres(chart, 'postgres', { ...baseProps, ...props });
  return Testing.synth(chart) as Manifest[];
}

const objects = synth();
const statefulSet = findObject(objects, 'StatefulSet', 'postgres');
const podSpec = statefulSet.spec.template.spec;
const postgres = podSpec.containers.find((c: { name: string }) => c.name === 'postgres');
const exporter = podSpec.containers.find((c: { name: string }) => c.name === 'exporter');
const volume = (name: string) => podSpec.volumes.find((v: { name: string }) => v.name === name);
const mount = (path: string) => postgres.volumeMounts.find((m: { mountPath: string }) => m.mountPath === path);
const env = (container: { env: any[] }, name: string): any => container.env.find((e) => e.name === name);

describe('Postgres StatefulSet', () => {
  it('runs exactly one pod of the pinned PostgreSQL 16 alpine image', () => {
    expect(statefulSet.spec.replicas).toBe(1);
    expect(statefulSet.spec.serviceName).toBe('postgres');
    expect(postgres.image).toBe('postgres:16.10-alpine');
  });

  it('claims 10Gi ReadWriteOnce mounted at /var/lib/postgresql/data with PGDATA in a subdirectory', () => {
    expect(statefulSet.spec.volumeClaimTemplates).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'data' }),
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      }),
    ]);
    expect(mount('/var/lib/postgresql/data')).toEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
    expect(env(postgres, 'PGDATA')).toEqual({ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' });
  });

  it('uses the configured StorageClass when one is given', () => {
    const sts = findObject(synth({ storageClass: 'fast-ssd', storageSize: '20Gi' }), 'StatefulSet', 'postgres');
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({
      storageClassName: 'fast-ssd',
      resources: { requests: { storage: '20Gi' } },
    });
  });

  it('retains the claim when the StatefulSet is deleted or scaled down', () => {
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
  });

  it('runs as the image postgres user 70 with fsGroup 70 changed only on root mismatch', () => {
    expect(podSpec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 70,
      runAsGroup: 70,
      fsGroup: 70,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(podSpec.automountServiceAccountToken).toBe(false);
  });

  it('has a read-only root with emptyDirs for the socket and /tmp and a memory-backed /dev/shm', () => {
    for (const container of [postgres, exporter]) {
      expect(container.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
    }
    expect(mount('/var/run/postgresql').name).toBe('run');
    expect(mount('/tmp').name).toBe('tmp');
    expect(mount('/dev/shm').name).toBe('shm');
    expect(volume('run').emptyDir).toBeDefined();
    expect(volume('tmp').emptyDir).toBeDefined();
    expect(volume('shm').emptyDir).toEqual({ medium: 'Memory', sizeLimit: '256Mi' });
  });

  it('probes startup, readiness and liveness with pg_isready', () => {
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(postgres[probe].exec.command.join(' ')).toMatch(/pg_isready -h 127\.0\.0\.1 -p 5432/);
    }
  });

  it('allows at least 120 s to shut down and stops PostgreSQL with a fast shutdown first', () => {
    expect(podSpec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(120);
    expect(postgres.lifecycle.preStop.exec.command.join(' ')).toMatch(/pg_ctl stop .* -m fast/);
  });

  it('requests CPU and memory and limits memory for both containers', () => {
    expect(postgres.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } });
    expect(exporter.resources).toEqual({ requests: { cpu: '20m', memory: '48Mi' }, limits: { memory: '128Mi' } });
  });

  it('preloads pg_stat_statements and creates the extension on first start', () => {
    expect(postgres.args).toEqual(['-c', 'shared_preload_libraries=pg_stat_statements']);
    const init = findObject(objects, 'ConfigMap', 'postgres-init');
    expect(Object.values(init.data).join('\n')).toMatch(/CREATE EXTENSION IF NOT EXISTS pg_stat_statements/);
    expect(mount('/docker-entrypoint-initdb.d')).toEqual({
      name: 'init',
      mountPath: '/docker-entrypoint-initdb.d',
      readOnly: true,
    });
  });

  it('takes the owner credentials and database name from the Secret and config', () => {
    expect(env(postgres, 'POSTGRES_USER')).toEqual({
      name: 'POSTGRES_USER',
      valueFrom: { secretKeyRef: { name: 'lms-db-credentials', key: 'username' } },
    });
    expect(env(postgres, 'POSTGRES_PASSWORD')).toEqual({
      name: 'POSTGRES_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'lms-db-credentials', key: 'password' } },
    });
    expect(env(postgres, 'POSTGRES_DB')).toEqual({ name: 'POSTGRES_DB', value: 'lms' });
  });
});

describe('postgres-exporter sidecar', () => {
  it('runs a pinned exporter on 9187 named metrics with the stat_statements collector', () => {
    expect(exporter.image).toBe('prometheuscommunity/postgres-exporter:v0.17.1');
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 9187, protocol: 'TCP' }]);
    expect(exporter.args).toContain('--collector.stat_statements');
    expect(exporter.readinessProbe).toBeDefined();
    expect(exporter.livenessProbe).toBeDefined();
  });

  it('logs in with the credentials from the Secret', () => {
    expect(env(exporter, 'DATA_SOURCE_USER').valueFrom).toEqual({
      secretKeyRef: { name: 'lms-db-credentials', key: 'username' },
    });
    expect(env(exporter, 'DATA_SOURCE_PASS').valueFrom).toEqual({
      secretKeyRef: { name: 'lms-db-credentials', key: 'password' },
    });
    expect(env(exporter, 'DATA_SOURCE_URI').value).toBe('127.0.0.1:5432/lms?sslmode=disable');
  });

  it('annotates the pod for scraping on 9187', () => {
    expect(statefulSet.spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9187',
      'prometheus.io/path': '/metrics',
    });
  });
});

describe('Postgres service and network policy', () => {
  it('is reachable through a headless Service postgres on 5432 and 9187', () => {
    const service = findObject(objects, 'Service', 'postgres');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.selector).toEqual(statefulSet.spec.selector.matchLabels);
    expect(service.spec.ports.map((p: { name: string; port: number }) => [p.name, p.port])).toEqual([
      ['postgres', 5432],
      ['metrics', 9187],
    ]);
  });

  it('admits 5432 only from the client pods and 9187 only from the monitoring namespace', () => {
    const policy = findObject(objects, 'NetworkPolicy', 'postgres');
    expect(policy.spec.podSelector).toEqual({ matchLabels: statefulSet.spec.selector.matchLabels });
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: apiPods } }, { podSelector: { matchLabels: jobPods } }],
        ports: [{ protocol: 'TCP', port: 5432 }],
      },
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ protocol: 'TCP', port: 9187 }],
      },
    ]);
  });
});

describe('Postgres validation', () => {
  it('rejects an image that is not a pinned PostgreSQL 16 alpine', () => {
    expect(() => synth({ image: 'postgres:latest' })).toThrow(/must be pinned like postgres:16\.10-alpine/);
    expect(() => synth({ image: 'postgres:15.8-alpine' })).toThrow(/must be pinned/);
  });

  it('rejects an unpinned exporter and an empty client list', () => {
    expect(() => synth({ exporterImage: 'prometheuscommunity/postgres-exporter:latest' })).toThrow(
      /must be pinned to a version/,
    );
    expect(() => synth({ clients: [] })).toThrow(/'clients' is empty/);
  });

  it('rejects a /dev/shm as large as the memory limit', () => {
    expect(() => synth({ sharedMemorySize: '1Gi' })).toThrow(
      /\/dev\/shm \(1Gi\) must be smaller than the memory limit 1Gi/,
    );
  });
});
