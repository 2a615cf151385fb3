import { describe, expect, it } from '@jest/globals';
import { find, synthMonitoring } from '../../test/monitoring-support.js';

describe('kube-state-metrics', () => {
  const { chart, manifests } = synthMonitoring();

  it('only lists and watches, including the HPAs, pods and volume claims the dashboards read', () => {
    const role = find(manifests, 'ClusterRole', 'kube-state-metrics') as unknown as {
      rules: { resources: string[]; verbs: string[] }[];
    };
    for (const rule of role.rules) expect(rule.verbs).toEqual(['list', 'watch']);
    const resources = role.rules.flatMap((r) => r.resources);
    for (const r of ['horizontalpodautoscalers', 'pods', 'persistentvolumeclaims']) expect(resources).toContain(r);
  });

  it('is scraped with its own labels kept, since they describe other pods', () => {
    const job = chart.prometheus.config.scrape_configs.find((j) => j.job_name === 'kube-state-metrics');
    expect(job?.honor_labels).toBe(true);
  });

  it('is pinned to a 2.x release', () => {
    const deployment = find(manifests, 'Deployment', 'kube-state-metrics', 'monitoring') as unknown as {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    expect(deployment.spec.template.spec.containers[0].image).toMatch(/:v2\.\d+\.\d+$/);
  });
});
