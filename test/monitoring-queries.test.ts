import { describe, expect, it } from '@jest/globals';
import { PROVISIONED_DATASOURCE_UIDS } from '../lib/monitoring/grafana.js';
import { isAlertingRule } from '../lib/monitoring/rules/types.js';
import { expandVariables, find, panelQueries, synthMonitoring, syntaxErrors } from './monitoring-support.js';
import { apiMonitoring } from '../lib/app/api-monitoring.js';
import { noticeWorkerMonitoring } from '../lib/app/notice-worker-monitoring.js';
import { postgresMonitoring } from '../lib/database/postgres-monitoring.js';
import { lmsDashboards } from '../lib/monitoring/dashboards/index.js';

const { chart, manifests } = synthMonitoring();
const dashboards = lmsDashboards({
  components: {
    api: apiMonitoring({ namespace: 'lms' }),
    database: postgresMonitoring({ namespace: 'lms' }),
    notices: noticeWorkerMonitoring({ namespace: 'lms' }),
  },
  cluster: { nodeExporter: 'node-exporter', kubeStateMetrics: 'kube-state-metrics', kubelet: 'kubelet' },
});
const provisioned = dashboards.flatMap((d) => {
  const map = find(manifests, 'ConfigMap', `grafana-dashboard-${d.uid}`, 'monitoring') as unknown as {
    data: Record<string, string>;
  };
  return [JSON.parse(map.data[d.fileName]) as unknown];
});

describe('monitoring queries', () => {
  it('provisions the LMS dashboards exactly as built', () => {
    expect(dashboards.map((d) => d.uid)).toEqual([
      'lms-application',
      'lms-slo',
      'lms-cluster',
      'lms-postgresql',
      'lms-notices',
      'lms-logs',
    ]);
    expect(provisioned).toEqual(dashboards.map((d) => JSON.parse(JSON.stringify(d.json))));
  });

  it('parses every PromQL expression of every rule', () => {
    const rules = Object.values(chart.prometheus.ruleFiles).flatMap((file) => file.groups.flatMap((g) => g.rules));
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules) {
      const name = isAlertingRule(rule) ? rule.alert : rule.record;
      expect({ name, errors: syntaxErrors('promql', rule.expr) }).toEqual({ name, errors: [] });
    }
  });

  it('parses every dashboard query in the language of its datasource', () => {
    let prom = 0;
    let logql = 0;
    for (const dashboard of dashboards) {
      for (const query of panelQueries(dashboard)) {
        const language = query.datasourceUid === 'loki' ? 'logql' : 'promql';
        if (language === 'logql') logql++;
        else prom++;
        const expr = expandVariables(query.expr, dashboard);
        expect({ panel: query.panel, errors: syntaxErrors(language, expr) }).toEqual({
          panel: query.panel,
          errors: [],
        });
      }
    }
    expect(prom).toBeGreaterThan(30);
    expect(logql).toBeGreaterThanOrEqual(5);
  });

  it('notices a broken expression (the parser check can fail)', () => {
    expect(syntaxErrors('promql', 'sum by (le (rate(x[5m]))')).not.toEqual([]);
    expect(syntaxErrors('logql', '{namespace="lms" | json')).not.toEqual([]);
  });

  it('names only the provisioned datasource uids and leaves no ${DS_…} placeholder', () => {
    const uids = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        if (record.datasource && typeof record.datasource === 'object') {
          uids.add(String((record.datasource as { uid?: unknown }).uid));
        }
        Object.values(record).forEach(collect);
      }
    };
    provisioned.forEach(collect);
    expect([...uids].sort()).toEqual([...PROVISIONED_DATASOURCE_UIDS].sort());
    expect(JSON.stringify(provisioned)).not.toMatch(/\$\{DS_/);
  });

  it('gives every panel a unique id, a title and a description', () => {
    for (const dashboard of dashboards) {
      const panels = (dashboard.json.panels ?? []) as {
        id?: number;
        type: string;
        title?: string;
        description?: string;
      }[];
      expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
      for (const panel of panels.filter((p) => p.type !== 'row')) {
        expect(panel.title).toBeTruthy();
        expect(panel.description).toBeTruthy();
      }
    }
  });
});
