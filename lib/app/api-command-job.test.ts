import { describe, expect, it } from '@jest/globals';
import { Testing } from 'cdk8s';
import { findObject } from '../../test/manifests.js';
import type { Manifest } from '../../test/manifests.js';
import { ApiCommandJob } from './api-command-job.js';
import type { ApiCommandJobProps } from './api-command-job.js';

const baseProps: ApiCommandJobProps = {
  name: 'lms-migrate',
  component: 'migration',
  image: 'lms-api:1.0.0',
  version: '1.0.0',
  command: ['node', 'dist/database/migrate.js'],
  configMapName: 'lms-api',
  secretEnvironment: { PGPASSWORD: { secretName: 'lms-db-credentials', key: 'password' } },
  hookPhase: 'Sync',
  syncWave: 0,
  runAs: { user: 1000, group: 1000 },
  waitForDatabase: { image: 'postgres:16.10-alpine', host: 'postgres', port: 5432 },
};

function synth(props: Partial<ApiCommandJobProps> = {}): Manifest {
  const chart = Testing.chart();
  new ApiCommandJob(chart, 'job', { ...baseProps, ...props });
  return findObject(Testing.synth(chart) as Manifest[], 'Job', props.name ?? baseProps.name);
}

const job = synth();
const pod = job.spec.template.spec;

describe('ApiCommandJob', () => {
  it('runs the entry point with the API ConfigMap and Secret references', () => {
    const [container] = pod.containers;
    expect(container.command).toEqual(['node', 'dist/database/migrate.js']);
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'lms-api' } }]);
    expect(container.env).toContainEqual({
      name: 'PGPASSWORD',
      valueFrom: { secretKeyRef: { name: 'lms-db-credentials', key: 'password' } },
    });
    expect(container.env).toContainEqual({ name: 'NODE_OPTIONS', value: '--max-old-space-size=192' });
  });

  it('is a hook of the given phase and wave that Argo CD replaces on the next sync', () => {
    expect(job.metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'Sync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      'argocd.argoproj.io/sync-wave': '0',
    });
    expect(
      synth({ name: 'lms-seed', hookPhase: 'PostSync', syncWave: 2 }).metadata.annotations['argocd.argoproj.io/hook'],
    ).toBe('PostSync');
  });

  it('retries 6 times within 10 minutes and never restarts in place', () => {
    expect(job.spec.backoffLimit).toBe(6);
    expect(job.spec.activeDeadlineSeconds).toBe(600);
    expect(pod.restartPolicy).toBe('Never');
  });

  it('first waits until the database answers pg_isready', () => {
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0].command).toEqual([
      'sh',
      '-c',
      'until pg_isready -h postgres -p 5432 -t 3; do sleep 2; done',
    ]);
    expect(synth({ waitForDatabase: undefined }).spec.template.spec).not.toHaveProperty('initContainers');
  });

  it('runs restricted as the API user without a service-account token', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const container of [...pod.initContainers, ...pod.containers]) {
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.resources.limits.memory).toBeDefined();
    }
  });

  it('refuses an empty command and a negative backoff limit', () => {
    expect(() => synth({ command: [] })).toThrow(/'command' is empty/);
    expect(() => synth({ backoffLimit: -1 })).toThrow(/'backoffLimit' must be a whole number/);
  });
});
