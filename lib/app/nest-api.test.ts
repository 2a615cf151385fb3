import { describe, expect, it } from '@jest/globals';
import { Chart, Duration, Testing } from 'cdk8s';
import { findObject } from '../../test/manifests.js';
import type { Manifest } from '../../test/manifests.js';
import { NestApi } from './nest-api.js';
import type { NestApiProps } from './nest-api.js';

const baseProps: NestApiProps = {
  image: 'lms-api:1.2.3',
  version: '1.2.3',
  environment: { NODE_ENV: 'production', PGHOST: 'postgres' },
  secretEnvironment: { JWT_SECRET: { secretName: 'lms-api-jwt', key: 'JWT_SECRET' } },
};

function synth(props: Partial<NestApiProps> = {}): Manifest[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'lms' });
  new NestApi(chart, 'api', { ...baseProps, ...props });
  return Testing.synth(chart) as Manifest[];
}

const objects = synth();
const deployment = findObject(objects, 'Deployment', 'lms-api');
const pod = deployment.spec.template;
const container = pod.spec.containers[0];

describe('NestApi deployment', () => {
  it('leaves spec.replicas to the HPA', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
  });

  it('rolls out one extra pod at a time and never drops below the current count', () => {
    expect(deployment.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
  });

  it('exposes container port 8000 named http', () => {
    expect(container.ports).toEqual([{ containerPort: 8000, name: 'http' }]);
  });

  it('probes /health/ready for readiness and /health/live for liveness and startup', () => {
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/health/ready', port: 8000 });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/health/live', port: 8000 });
    expect(container.startupProbe.httpGet).toMatchObject({ path: '/health/live', port: 8000 });
    // The startup probe allows a minute before liveness takes over.
    expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBe(60);
  });

  it('requests 200m CPU and 256Mi memory, limits memory to 512Mi and caps the heap at 384 MiB', () => {
    expect(container.resources).toEqual({ requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } });
    expect(container.env).toContainEqual({ name: 'NODE_OPTIONS', value: '--max-old-space-size=384' });
  });

  it('gives termination enough time for preStop 5 s, the 5 s shutdown delay and 20 s draining', () => {
    expect(container.lifecycle.preStop.exec.command).toEqual(['node', '-e', 'setTimeout(() => {}, 5000)']);
    expect(pod.spec.terminationGracePeriodSeconds).toBe(35);
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(5 + 5 + 20);
  });

  it('runs restricted: non-root, read-only root with /tmp as emptyDir, no escalation, no capabilities, RuntimeDefault seccomp', () => {
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(pod.spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  it('mounts no service-account token', () => {
    expect(pod.spec.automountServiceAccountToken).toBe(false);
  });

  it('spreads pods over nodes', () => {
    expect(pod.spec.topologySpreadConstraints).toEqual([
      expect.objectContaining({
        topologyKey: 'kubernetes.io/hostname',
        maxSkew: 1,
        labelSelector: { matchLabels: deployment.spec.selector.matchLabels },
      }),
    ]);
  });

  it('annotates the pods, and only the pods, for Prometheus scraping on 8000 /metrics', () => {
    const { 'checksum/config': _checksum, ...scrape } = pod.metadata.annotations;
    expect(scrape).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '8000',
      'prometheus.io/path': '/metrics',
    });
    for (const o of objects) {
      expect(Object.keys(o.metadata.annotations ?? {}).filter((k) => k.startsWith('prometheus.io'))).toEqual([]);
    }
  });

  it('reads env from the lms-api ConfigMap and secrets from Secret references', () => {
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'lms-api' } }]);
    expect(container.env).toContainEqual({
      name: 'JWT_SECRET',
      valueFrom: { secretKeyRef: { name: 'lms-api-jwt', key: 'JWT_SECRET' } },
    });
    const configMap = findObject(objects, 'ConfigMap', 'lms-api');
    expect(configMap.data).toEqual({
      NODE_ENV: 'production',
      PGHOST: 'postgres',
      PORT: '8000',
      SHUTDOWN_DELAY_MS: '5000',
    });
  });

  it('selects pods by name, instance, component and part-of but never by version', () => {
    expect(deployment.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'lms-api',
      'app.kubernetes.io/instance': 'lms',
      'app.kubernetes.io/component': 'api',
      'app.kubernetes.io/part-of': 'lms',
    });
    expect(pod.metadata.labels['app.kubernetes.io/version']).toBe('1.2.3');
    expect(Object.keys(pod.metadata.labels).some((k) => k.startsWith('cdk8s.io'))).toBe(false);
  });
});

describe('NestApi service, autoscaler and disruption budget', () => {
  it('serves port 8000 named http from a ClusterIP Service lms-api selecting the API pods', () => {
    const service = findObject(objects, 'Service', 'lms-api');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 8000 }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  it('scales lms-api between 2 and 5 pods on 50% CPU and 70% memory', () => {
    const hpa = findObject(objects, 'HorizontalPodAutoscaler', 'lms-api');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'lms-api' });
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(5);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
  });

  it('scales up by 100% or 2 pods per 15 s, whichever is more, without stabilization', () => {
    const { scaleUp } = findObject(objects, 'HorizontalPodAutoscaler', 'lms-api').spec.behavior;
    expect(scaleUp).toEqual({
      selectPolicy: 'Max',
      stabilizationWindowSeconds: 0,
      policies: [
        { type: 'Percent', value: 100, periodSeconds: 15 },
        { type: 'Pods', value: 2, periodSeconds: 15 },
      ],
    });
  });

  it('scales down by at most 50% per 60 s after a 60 s stabilization window', () => {
    const { scaleDown } = findObject(objects, 'HorizontalPodAutoscaler', 'lms-api').spec.behavior;
    expect(scaleDown.stabilizationWindowSeconds).toBe(60);
    expect(scaleDown.policies).toEqual([{ type: 'Percent', value: 50, periodSeconds: 60 }]);
  });

  it('lets one pod be evicted at a time and always evicts unhealthy pods', () => {
    const pdb = findObject(objects, 'PodDisruptionBudget', 'lms-api');
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: deployment.spec.selector.matchLabels },
    });
  });

  it('opens TCP 8000 of the API pods to every source and nothing else', () => {
    const policy = findObject(objects, 'NetworkPolicy', 'lms-api');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: deployment.spec.selector.matchLabels },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 8000 }] }],
    });
  });
});

describe('NestApi options', () => {
  it('rolls the pods when the environment changes, and only then', () => {
    const checksum = (props: Partial<NestApiProps>) =>
      findObject(synth(props), 'Deployment', 'lms-api').spec.template.metadata.annotations['checksum/config'];
    expect(checksum({})).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum({})).toBe(pod.metadata.annotations['checksum/config']);
    expect(checksum({ environment: { ...baseProps.environment, LOG_LEVEL: 'debug' } })).not.toBe(checksum({}));
  });

  it('renders no Ingress unless a host is given', () => {
    expect(objects.filter((o) => o.kind === 'Ingress')).toEqual([]);
  });

  it('routes the host to the lms-api Service when an ingress host is given', () => {
    const ingress = findObject(
      synth({ ingressHost: 'library.example.org', ingressClassName: 'nginx' }),
      'Ingress',
      'lms-api',
    );
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules).toEqual([
      {
        host: 'library.example.org',
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'lms-api', port: { name: 'http' } } } }],
        },
      },
    ]);
  });

  it('takes utilization targets and scaling speed from the autoscaling prop', () => {
    const hpa = findObject(
      synth({
        autoscaling: {
          cpuUtilizationPercent: 80,
          scaleDown: { stabilizationWindow: Duration.minutes(5), policies: [] },
        },
      }),
      'HorizontalPodAutoscaler',
      'lms-api',
    );
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(80);
    expect(hpa.spec.metrics[1].resource.target.averageUtilization).toBe(70);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(hpa.spec.behavior.scaleUp.policies).toHaveLength(2);
  });

  it('rejects a utilization target outside 1 to 100 percent', () => {
    expect(() => synth({ autoscaling: { memoryUtilizationPercent: 0 } })).toThrow(
      "'autoscaling.memoryUtilizationPercent' is 0; it must be a whole percentage from 1 to 100.",
    );
  });

  it('accepts a minimum of one replica', () => {
    expect(findObject(synth({ minReplicas: 1 }), 'HorizontalPodAutoscaler', 'lms-api').spec.minReplicas).toBe(1);
  });

  it('rejects a minimum of zero or a maximum below the minimum', () => {
    expect(() => synth({ minReplicas: 0 })).toThrow(/'minReplicas' is 0/);
    expect(() => synth({ minReplicas: 3, maxReplicas: 2 })).toThrow(
      /'maxReplicas' \(2\) must be at least 'minReplicas' \(3\)/,
    );
  });

  it('rejects a heap cap that leaves under 64 MiB below the memory limit', () => {
    expect(() => synth({ heapLimitMiB: 480 })).toThrow(
      /'heapLimitMiB' \(480\) must leave at least 64 MiB below the memory limit 512Mi/,
    );
  });

  it('lengthens the grace period with the shutdown delay and drain time', () => {
    const grace = (props: Partial<NestApiProps>) =>
      findObject(synth(props), 'Deployment', 'lms-api').spec.template.spec.terminationGracePeriodSeconds;
    expect(grace({ shutdownDelayMs: 10_000, drainSeconds: 30 })).toBe(5 + 10 + 30 + 5);
  });
});
