import { describe, expect, it } from '@jest/globals';
import { synthMonitoring, type Manifest } from '../test/monitoring-support.js';

interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  volumes?: { hostPath?: unknown }[];
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
  containers: {
    image: string;
    securityContext?: {
      runAsNonRoot?: boolean;
      allowPrivilegeEscalation?: boolean;
      capabilities?: { drop?: string[] };
      seccompProfile?: { type: string };
    };
  }[];
}

const podSpec = (m: Manifest): PodSpec | undefined =>
  (m as unknown as { spec?: { template?: { spec?: PodSpec } } }).spec?.template?.spec;
const workloads = (manifests: readonly Manifest[]) => manifests.filter((m) => podSpec(m) !== undefined);

describe('monitoring chart', () => {
  const { manifests } = synthMonitoring();

  it('enforces Pod Security restricted on monitoring and privileged only on monitoring-agents', () => {
    const labels = (name: string) =>
      manifests.find((m) => m.kind === 'Namespace' && m.metadata.name === name)?.metadata.labels;
    expect(labels('monitoring')).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(labels('monitoring-agents')).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged' });
  });

  it('puts only node-exporter and the log collector in the privileged namespace', () => {
    const agents = workloads(manifests).filter((m) => m.metadata.namespace === 'monitoring-agents');
    expect(agents.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'DaemonSet/node-exporter',
      'DaemonSet/promtail',
    ]);
  });

  it('runs every pod of the monitoring namespace within the restricted profile', () => {
    for (const workload of workloads(manifests).filter((m) => m.metadata.namespace === 'monitoring')) {
      const pod = podSpec(workload)!;
      const where = `${workload.kind}/${workload.metadata.name}`;
      expect({ where, host: !!pod.hostNetwork || !!pod.hostPID }).toEqual({ where, host: false });
      expect({ where, hostPath: (pod.volumes ?? []).some((v) => v.hostPath) }).toEqual({ where, hostPath: false });
      for (const c of pod.containers) {
        expect({ where, ...c.securityContext }).toMatchObject({
          where,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          runAsNonRoot: true,
        });
        const seccomp = c.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
        expect({ where, seccomp }).toEqual({ where, seccomp: 'RuntimeDefault' });
      }
    }
  });

  it('pins every image to a version of the expected major release', () => {
    const images = workloads(manifests).flatMap((m) => podSpec(m)!.containers.map((c) => c.image));
    for (const image of images) expect(image).not.toMatch(/:latest$|^[^:]+$/);
    const tag = (name: string) => images.find((i) => i.split(':')[0].endsWith(name))?.split(':')[1];
    expect(tag('prometheus')).toMatch(/^v3\./);
    expect(tag('grafana')).toMatch(/^12\./);
    expect(tag('loki')).toMatch(/^3\./);
    expect(tag('promtail')).toMatch(/^3\./);
    expect(tag('kube-state-metrics')).toMatch(/^v2\./);
  });

  it('denies ingress by default and opens Grafana to its users and Prometheus and Loki to Grafana', () => {
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy') as unknown as {
      metadata: { name: string; namespace: string };
      spec: { ingress?: { from?: { podSelector: { matchLabels: Record<string, string> } }[] }[] };
    }[];
    const names = policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'monitoring/monitoring-default-deny-ingress',
        'monitoring-agents/monitoring-agents-default-deny-ingress',
      ]),
    );
    const from = (name: string) =>
      policies
        .find((p) => p.metadata.name === name)!
        .spec.ingress?.[0].from?.map((f) => f.podSelector.matchLabels['app.kubernetes.io/name']);
    expect(from('grafana')).toBeUndefined();
    expect(from('prometheus')).toContain('grafana');
    expect(from('loki')).toContain('grafana');
  });

  it('has Prometheus scrape Loki and Grafana through their pod annotations, past the network policy', () => {
    for (const [kind, name, port] of [
      ['StatefulSet', 'loki', '3100'],
      ['Deployment', 'grafana', '3000'],
    ] as const) {
      const workload = manifests.find((m) => m.kind === kind && m.metadata.name === name) as unknown as {
        spec: { template: { metadata: { annotations: Record<string, string> } } };
      };
      expect(workload.spec.template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': port,
      });
    }
    const loki = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'loki') as unknown as {
      spec: { ingress: { from: { podSelector: { matchLabels: Record<string, string> } }[] }[] };
    };
    const senders = loki.spec.ingress[0].from.map((f) => f.podSelector.matchLabels['app.kubernetes.io/name']);
    expect(senders).toContain('prometheus');
  });

  it('leaves metrics-server out unless asked for', () => {
    expect(manifests.some((m) => m.metadata.name === 'metrics-server')).toBe(false);
    const withIt = synthMonitoring({ LMS_METRICS_SERVER: 'true' }).manifests;
    expect(withIt.find((m) => m.kind === 'APIService')?.metadata.name).toBe('v1beta1.metrics.k8s.io');
    expect(
      withIt.find((m) => m.kind === 'Deployment' && m.metadata.name === 'metrics-server')?.metadata.namespace,
    ).toBe('kube-system');
  });

  it('gives every object a distinct kind and name, so each gets its own file in dist/', () => {
    const keys = manifests.map((m) => `${m.kind}.${m.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps namespaces off cluster-scoped objects', () => {
    for (const m of manifests.filter((m) => ['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(m.kind))) {
      expect(m.metadata.namespace).toBeUndefined();
    }
  });
});
