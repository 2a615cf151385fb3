import { execFileSync } from 'node:child_process';
import { Testing } from 'cdk8s';
import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { LmsChart } from '../charts/lms.js';
import { MonitoringChart } from '../charts/monitoring.js';
import { loadConfig } from '../lib/config/config.js';
import type { DashboardDefinition } from '../lib/monitoring/dashboards/panels.js';

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [key: string]: unknown;
}

/** The monitoring chart as `main.ts` builds it, from the default configuration plus `env`. */
export function synthMonitoring(env: Record<string, string> = {}): { chart: MonitoringChart; manifests: Manifest[] } {
  const config = loadConfig({ LMS_API_IMAGE_TAG: '0.0.0-test', ...env });
  const app = Testing.app();
  const lms = new LmsChart(app, 'lms', { config });
  const chart = new MonitoringChart(app, 'monitoring', { config, components: lms.monitoring });
  return { chart, manifests: Testing.synth(chart) as Manifest[] };
}

export function find(manifests: readonly Manifest[], kind: string, name: string, namespace?: string): Manifest {
  const found = manifests.find(
    (m) =>
      m.kind === kind && m.metadata.name === name && (namespace === undefined || m.metadata.namespace === namespace),
  );
  if (!found) throw new Error(`No ${kind} ${namespace ?? '*'}/${name} in the synthesized chart.`);
  return found;
}

/**
 * The absolute path of a system binary. Under CI (CI=true) a missing binary fails the test file; elsewhere
 * the tests that need it are skipped and the reason is printed.
 */
export function systemBinary(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    if (process.env.CI === 'true') {
      throw new Error(`${name} is required when CI=true; install Debian's prometheus packages (see .ci/run).`);
    }
    console.log(`Skipping tests that need ${name}: it is not installed (apt-get install prometheus).`);
    return undefined;
  }
}

/** Syntax errors of a PromQL or LogQL expression, as `offset: text` strings; empty when it parses. */
export function syntaxErrors(language: 'promql' | 'logql', expr: string): string[] {
  const tree = (language === 'promql' ? promqlParser : logqlParser).parse(expr);
  const errors: string[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`${node.from}: '${expr.slice(node.from, node.to + 10)}'`);
    },
  });
  return errors;
}

/** One query of one dashboard panel. */
export interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly datasourceUid: string;
  readonly expr: string;
}

interface PanelJson {
  readonly title?: string;
  readonly type?: string;
  readonly datasource?: { readonly uid?: string };
  readonly targets?: readonly { readonly expr?: string; readonly datasource?: { readonly uid?: string } }[];
}

export function panelQueries(dashboard: DashboardDefinition): PanelQuery[] {
  const panels = (dashboard.json.panels ?? []) as PanelJson[];
  return panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      dashboard: dashboard.uid,
      panel: panel.title ?? '',
      datasourceUid: target.datasource?.uid ?? panel.datasource?.uid ?? '',
      expr: target.expr ?? '',
    })),
  );
}

/** Replaces Grafana's built-in interval variables and the dashboard's own variables by their "All" value. */
export function expandVariables(expr: string, dashboard: DashboardDefinition, interval = '1m'): string {
  const variables = (dashboard.json.templating?.list ?? []) as { name: string; allValue?: string; type?: string }[];
  let expanded = expr.replace(/\$__(rate_interval|interval|auto|range)\b/g, interval);
  for (const variable of variables) {
    const value = variable.type === 'textbox' ? '' : (variable.allValue ?? '.*');
    expanded = expanded.replace(new RegExp(`\\$\\{${variable.name}\\}|\\$${variable.name}\\b`, 'g'), value);
  }
  return expanded;
}
