import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  type Dashboard,
  type Panel,
  type RowPanel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder as LokiQueryBuilder } from '@grafana/grafana-foundation-sdk/loki';
import { DataqueryBuilder as PromQueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as TimeSeriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/** The datasources Grafana provisions, by fixed uid; dashboards name nothing else. */
export const DATASOURCES = {
  prometheus: { type: 'prometheus', uid: 'prometheus' },
  loki: { type: 'loki', uid: 'loki' },
} as const satisfies Record<string, DataSourceRef>;

/** A dashboard ready to be provisioned: its stable uid, file name and JSON model. */
export interface DashboardDefinition {
  readonly uid: string;
  readonly fileName: string;
  readonly json: Dashboard;
}

export function promQuery(expr: string, legend: string, refId = 'A'): PromQueryBuilder {
  return new PromQueryBuilder().datasource(DATASOURCES.prometheus).expr(expr).legendFormat(legend).refId(refId);
}

export function lokiQuery(expr: string, refId = 'A', legend?: string): LokiQueryBuilder {
  const query = new LokiQueryBuilder().datasource(DATASOURCES.loki).expr(expr).refId(refId);
  return legend === undefined ? query : query.legendFormat(legend);
}

/** Assigns refIds A, B, C… to queries given as [expr, legend] pairs. */
export function promQueries(...queries: readonly (readonly [string, string])[]): PromQueryBuilder[] {
  return queries.map(([expr, legend], i) => promQuery(expr, legend, String.fromCharCode(65 + i)));
}

export interface TimeSeriesOptions {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly targets: readonly Builder<Dataquery>[];
  /** Width on the 24-column grid. @default 12 */
  readonly width?: number;
  readonly datasource?: DataSourceRef;
}

export function timeSeries(o: TimeSeriesOptions): TimeSeriesBuilder {
  return new TimeSeriesBuilder()
    .title(o.title)
    .description(o.description)
    .unit(o.unit)
    .datasource(o.datasource ?? DATASOURCES.prometheus)
    .targets([...o.targets])
    .span(o.width ?? 12)
    .height(8);
}

/** A Prometheus query variable with an "All" option. */
export function promVariable(name: string, label: string, query: string, allValue = '.+'): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCES.prometheus)
    .query({ query, refId: 'PrometheusVariableQueryEditor-VariableQuery', qryType: 1 })
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .includeAll(true)
    .multi(true)
    .allValue(allValue);
}

/** The common frame of the LMS dashboards: uid, folder tags, time range, refresh. */
export function lmsDashboard(uid: string, title: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['lms', 'generated'])
    .readonly()
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .timezone('browser');
}

/** Builds the dashboard and numbers its panels (Grafana needs unique panel ids). */
export function finish(builder: DashboardBuilder, fileName: string): DashboardDefinition {
  const json = builder.build();
  let id = 1;
  for (const panel of json.panels ?? []) {
    (panel as Panel | RowPanel).id = id++;
  }
  return { uid: json.uid ?? fileName, fileName: `${fileName}.json`, json };
}
