import { describe, expect, it } from '@jest/globals';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { LogCollector } from './log-collector.js';
import { find, synthMonitoring, type Manifest } from '../../test/monitoring-support.js';

interface DaemonSetJson {
  spec: {
    template: {
      spec: {
        tolerations: unknown[];
        containers: {
          env: { name: string; valueFrom?: unknown }[];
          volumeMounts: { mountPath: string; readOnly?: boolean }[];
        }[];
      };
    };
  };
}

function collector(implementation: 'promtail' | 'alloy'): { manifests: Manifest[]; text: string } {
  const { manifests } = synthMonitoring(implementation === 'alloy' ? { LMS_LOG_COLLECTOR: 'alloy' } : {});
  const file = implementation === 'alloy' ? 'config.alloy' : 'promtail.yaml';
  const map = find(manifests, 'ConfigMap', `${implementation}-config`, 'monitoring-agents') as unknown as {
    data: Record<string, string>;
  };
  return { manifests, text: map.data[file] };
}

describe.each(['promtail', 'alloy'] as const)('log collector (%s)', (implementation) => {
  const { manifests, text } = collector(implementation);
  const daemonSet = find(manifests, 'DaemonSet', implementation, 'monitoring-agents') as unknown as DaemonSetJson;
  const container = daemonSet.spec.template.spec.containers[0];

  it('knows its node from spec.nodeName', () => {
    expect(container.env).toContainEqual({ name: 'HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  });

  it('reads pod logs read-only and keeps its positions on the host', () => {
    const mounts = Object.fromEntries(container.volumeMounts.map((m) => [m.mountPath, m.readOnly ?? false]));
    expect(mounts['/var/log/pods']).toBe(true);
    expect(mounts['/var/lib/docker/containers']).toBe(true);
    expect(mounts[`/var/lib/${implementation}-positions`]).toBe(false);
  });

  it('runs on every node whatever its taints', () => {
    expect(daemonSet.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('tails /var/log/pods and labels streams with namespace, pod, container, app and node', () => {
    expect(text).toContain('/var/log/pods/*$1/*.log');
    for (const label of ['namespace', 'pod', 'container', 'app', 'node'])
      expect(text).toMatch(new RegExp(`target_label\\s*[:=]\\s*"?${label}"?`));
    expect(text).toContain('__meta_kubernetes_pod_label_app_kubernetes_io_name');
  });

  it('is allowed to watch pods and nothing more', () => {
    const role = find(manifests, 'ClusterRole', implementation) as unknown as { rules: unknown[] };
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
  });
});

describe('log collector pipelines', () => {
  it('Promtail parses CRI lines, lifts level from JSON and keeps only its node\u2019s pods', () => {
    const config = parse(collector('promtail').text);
    const job = config.scrape_configs[0];
    expect(job.pipeline_stages).toEqual([
      { cri: {} },
      { json: { expressions: { level: 'level' } } },
      { labels: { level: 'level' } },
    ]);
    expect(job.relabel_configs[0]).toEqual({
      source_labels: ['__meta_kubernetes_pod_node_name'],
      target_label: '__host__',
    });
    expect(config.clients).toEqual([{ url: 'http://loki.monitoring.svc:3100/loki/api/v1/push' }]);
  });

  it('Alloy does the same with its own components', () => {
    const text = collector('alloy').text;
    expect(text).toContain('field = "spec.nodeName=" + sys.env("HOSTNAME")');
    expect(text).toMatch(/loki\.process "pods" \{[\s\S]*stage\.cri \{\}[\s\S]*stage\.json \{[\s\S]*level = "level"/);
    expect(text).toMatch(/stage\.labels \{\s*values = \{\s*level = "level",/);
    expect(text).toContain('url = "http://loki.monitoring.svc:3100/loki/api/v1/push"');
  });

  it('switches with one property and defaults to Promtail', () => {
    const make = (implementation?: 'promtail' | 'alloy') =>
      new LogCollector(new Chart(Testing.app(), 'c'), 'l', { lokiUrl: 'http://loki:3100', implementation })
        .implementation;
    expect(make()).toBe('promtail');
    expect(make('alloy')).toBe('alloy');
    expect(() => new LogCollector(new Chart(Testing.app(), 'c'), 'l', { lokiUrl: 'http://loki:3100/push' })).toThrow(
      /'lokiUrl' must be a base URL without a path/,
    );
  });
});
