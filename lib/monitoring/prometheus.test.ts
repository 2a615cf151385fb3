import { describe, expect, it } from '@jest/globals';
import { Chart, Testing } from 'cdk8s';
import { Prometheus } from './prometheus.js';
import type { RelabelConfig, ScrapeConfig } from './prometheus-config.js';
import { find, synthMonitoring, type Manifest } from '../../test/monitoring-support.js';

const { chart, manifests } = synthMonitoring();
const config = chart.prometheus.config;
const job = (name: string): ScrapeConfig => {
  const found = config.scrape_configs.find((j) => j.job_name === name);
  if (!found) throw new Error(`no job ${name}`);
  return found;
};

/** Applies a `replace` relabel rule the way Prometheus does (anchored regex). */
function relabel(rule: RelabelConfig, values: string[]): string | undefined {
  const match = new RegExp(`^(?:${rule.regex ?? '(.*)'})$`).exec(values.join(rule.separator ?? ';'));
  return match ? (rule.replacement ?? '$1').replace(/\$(\d)/g, (_m, i: string) => match[Number(i)] ?? '') : undefined;
}

describe('Prometheus', () => {
  it('scrapes targets and evaluates rules every 15 seconds', () => {
    expect(config.global).toEqual({ scrape_interval: '15s', evaluation_interval: '15s' });
  });

  it('has the jobs the dashboards and alerts rely on', () => {
    expect(config.scrape_configs.map((j) => j.job_name)).toEqual([
      'prometheus',
      'kubernetes-pods',
      'kubelet-cadvisor',
      'kubelet',
      'node-exporter',
      'kube-state-metrics',
      'postgres-exporter',
    ]);
  });

  it('scrapes annotated pods on their annotated port and path, keeping their labels and skipping finished pods', () => {
    const pods = job('kubernetes-pods');
    expect(pods.honor_labels).toBe(true);
    expect(pods.kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
    const rules = pods.relabel_configs ?? [];
    expect(rules).toContainEqual({
      source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
      regex: 'true',
      action: 'keep',
    });
    expect(rules).toContainEqual({
      source_labels: ['__meta_kubernetes_pod_phase'],
      regex: 'Succeeded|Failed',
      action: 'drop',
    });
    expect(rules).toContainEqual(expect.objectContaining({ target_label: '__metrics_path__' }));
  });

  it('joins IPv4 and IPv6 pod addresses with the annotated port', () => {
    const address = (job('kubernetes-pods').relabel_configs ?? []).filter((r) => r.target_label === '__address__');
    expect(address).toHaveLength(2);
    const apply = (value: string) =>
      address.map((rule) => relabel(rule, value.split(';'))).find((v) => v !== undefined);
    expect(apply('8000;10.244.1.7')).toBe('10.244.1.7:8000');
    expect(apply('9187;fd00:10:244::7')).toBe('[fd00:10:244::7]:9187');
  });

  it('leaves pods with a dedicated job out of the annotation-driven job', () => {
    const drops = (job('kubernetes-pods').relabel_configs ?? []).filter(
      (r) => r.action === 'drop' && r.regex?.includes('postgres'),
    );
    expect(drops).toEqual([
      {
        source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_pod_label_app_kubernetes_io_name'],
        separator: ';',
        regex: 'lms;postgres',
        action: 'drop',
      },
    ]);
    expect(job('postgres-exporter').relabel_configs).toContainEqual({
      source_labels: ['__meta_kubernetes_pod_container_port_name'],
      regex: 'metrics',
      action: 'keep',
    });
  });

  it('reads cAdvisor from the kubelet over HTTPS with the service-account token and drops costly series', () => {
    const cadvisor = job('kubelet-cadvisor');
    expect(cadvisor).toMatchObject({
      scheme: 'https',
      metrics_path: '/metrics/cadvisor',
      authorization: { credentials_file: '/var/run/secrets/kubernetes.io/serviceaccount/token' },
      kubernetes_sd_configs: [{ role: 'node' }],
    });
    expect(cadvisor.relabel_configs).toContainEqual({ target_label: 'job', replacement: 'kubelet' });
    expect(cadvisor.relabel_configs).toContainEqual({
      source_labels: ['__metrics_path__'],
      target_label: 'metrics_path',
    });
    const drop = cadvisor.metric_relabel_configs?.[0];
    expect(drop?.action).toBe('drop');
    expect(relabel({ regex: drop?.regex }, ['container_tasks_state'])).toBeDefined();
    expect(relabel({ regex: drop?.regex }, ['container_cpu_usage_seconds_total'])).toBeUndefined();
  });

  it('is allowed to discover and scrape, and never to proxy through the API server', () => {
    const role = find(manifests, 'ClusterRole', 'prometheus') as unknown as {
      rules: { resources?: string[]; nonResourceURLs?: string[]; verbs: string[] }[];
    };
    const resources = role.rules.flatMap((r) => r.resources ?? []);
    for (const r of ['nodes', 'nodes/metrics', 'services', 'endpoints', 'endpointslices', 'pods'])
      expect(resources).toContain(r);
    expect(role.rules).toContainEqual({ nonResourceURLs: ['/metrics'], verbs: ['get'] });
    const everyRule = manifests.filter((m) => m.kind === 'ClusterRole' || m.kind === 'Role');
    expect(JSON.stringify(everyRule)).not.toContain('nodes/proxy');
  });

  it('keeps 15 days on a persistent volume, capped below its size, one pod at a time', () => {
    const deployment = find(manifests, 'Deployment', 'prometheus', 'monitoring') as unknown as {
      spec: {
        strategy: { type: string };
        template: { metadata: { annotations: Record<string, string> }; spec: PodSpec };
      };
    };
    expect(deployment.spec.strategy.type).toBe('Recreate');
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext.fsGroup).toBe(65534);
    const container = pod.containers[0];
    expect(container.args).toEqual(
      expect.arrayContaining(['--storage.tsdb.retention.time=15d', '--storage.tsdb.retention.size=8GB']),
    );
    expect(container.readinessProbe.httpGet.path).toBe('/-/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/-/healthy');
    expect(pod.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'prometheus-data' } });
    expect(deployment.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rolls the pod when a rule changes', () => {
    const checksumOf = (groups: number) => {
      const c = new Chart(Testing.app(), 'c');
      const p = new Prometheus(c, 'p', {
        ruleGroups: [{ name: 'g', rules: groups ? [{ record: 'a:b:c', expr: 'up' }] : [] }],
      });
      const deployment = Testing.synth(c).find((m: Manifest) => m.kind === 'Deployment');
      return [p, deployment.spec.template.metadata.annotations['checksum/config']] as const;
    };
    expect(checksumOf(0)[1]).not.toEqual(checksumOf(1)[1]);
  });

  it('refuses settings it cannot honour, saying what to change', () => {
    const make = (props: ConstructorParameters<typeof Prometheus>[2]) => () =>
      new Prometheus(new Chart(Testing.app(), 'c'), 'p', props);
    expect(make({ scrapeInterval: 'often' })).toThrow(/'scrapeInterval' must be a duration like '15s'/);
    expect(make({ retention: '15 days' })).toThrow("'retention' must be a duration like '15d', got '15 days'.");
    expect(make({ retention: '0d' })).toThrow(/'retention' must be a duration like '15d'/);
    expect(make({ retention: '1w3d' })).not.toThrow();
    expect(make({ storageSize: '1Gi' })).toThrow(/'storageSize' must be at least 2Gi/);
    expect(make({ storageSize: '10Gi', retentionSize: '12GB' })).toThrow(
      /'retentionSize' 12GB does not fit the 10Gi volume with room for the WAL and compaction: keep it at or below 8GB/,
    );
    expect(make({ storageSize: '10Gi', retentionSize: '9GB' })).toThrow(/keep it at or below 8GB/);
    expect(make({ retentionSize: '8 gigs' })).toThrow(/'retentionSize' must be a size like '8GB'/);
    expect(make({ storageSize: '20Gi', retentionSize: '16GB' })).not.toThrow();
    expect(make({ image: 'prom/prometheus' })).toThrow(/must be pinned to an explicit version tag/);
    const target = { jobName: 'x', namespace: 'n', matchLabels: { a: 'b' }, portName: 'm' };
    expect(make({ podTargets: [target, target] })).toThrow(/'x' is declared twice/);
  });
});

interface PodSpec {
  securityContext: { fsGroup: number };
  volumes: unknown[];
  containers: {
    args: string[];
    readinessProbe: { httpGet: { path: string } };
    livenessProbe: { httpGet: { path: string } };
  }[];
}
