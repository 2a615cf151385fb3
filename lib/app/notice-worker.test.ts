import { describe, expect, it } from '@jest/globals';
import { Chart, Testing } from 'cdk8s';
import { findObject } from '../../test/manifests.js';
import type { Manifest } from '../../test/manifests.js';
import { NoticeWorker, type NoticeWorkerProps } from './notice-worker.js';

const baseProps: NoticeWorkerProps = {
  image: 'lms-api:1.2.3',
  version: '1.2.3',
  environment: { NODE_ENV: 'production', PGHOST: 'postgres', MAIL_FROM: 'notices@lms.local' },
  secretEnvironment: { SMTP_URL: { secretName: 'lms-smtp', key: 'SMTP_URL' } },
  runAs: { user: 1000, group: 1000 },
  monitoringNamespace: 'monitoring',
};

function synth(props: Partial<NoticeWorkerProps> = {}): Manifest[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'lms' });
  new NoticeWorker(chart, 'worker', { ...baseProps, ...props });
  return Testing.synth(chart) as Manifest[];
}

const objects = synth();
const deployment = findObject(objects, 'Deployment', 'lms-notice-worker');
const pod = deployment.spec.template;
const container = pod.spec.containers[0];

describe('NoticeWorker', () => {
  it('runs node dist/worker.js of the API image as one replica', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(container.image).toBe('lms-api:1.2.3');
    expect(container.command).toEqual(['node', 'dist/worker.js']);
  });

  it('reads SMTP_URL from the Secret, never from the ConfigMap', () => {
    expect(container.env).toContainEqual({
      name: 'SMTP_URL',
      valueFrom: { secretKeyRef: { name: 'lms-smtp', key: 'SMTP_URL' } },
    });
    const config = findObject(objects, 'ConfigMap', 'lms-notice-worker');
    expect(config.data).not.toHaveProperty('SMTP_URL');
    expect(config.data.WORKER_PORT).toBe('9465');
  });

  it('probes and exposes for scraping its metrics port 9465', () => {
    expect(container.ports).toEqual([{ containerPort: 9465, name: 'metrics' }]);
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/health/ready', port: 9465 });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/health/live', port: 9465 });
    expect(pod.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9465' });
  });

  it('runs under the restricted Pod Security profile', () => {
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
  });

  it('opens its port to the monitoring namespace only', () => {
    const policy = findObject(objects, 'NetworkPolicy', 'lms-notice-worker');
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ protocol: 'TCP', port: 9465 }],
      },
    ]);
  });

  it('refuses SMTP_URL in the plain environment, and no replica', () => {
    expect(() => synth({ environment: { SMTP_URL: 'smtp://user:secret@mail' } })).toThrow(/secretEnvironment/);
    expect(() => synth({ secretEnvironment: {} })).toThrow(/SMTP_URL/);
    expect(() => synth({ replicas: 0 })).toThrow(/at least 1/);
  });
});
