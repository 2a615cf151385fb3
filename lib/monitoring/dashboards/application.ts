import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { selector } from '../rules/promql.js';
import type { ApiSeriesSelector } from '../rules/api.js';
import {
  DATASOURCES,
  finish,
  lmsDashboard,
  promQueries,
  promQuery,
  promVariable,
  timeSeries,
  type DashboardDefinition,
} from './panels.js';

/** The Application dashboard: traffic, latency and errors of the API, its runtime, its loans and its holds. */
export function applicationDashboard(api: ApiSeriesSelector): DashboardDefinition {
  const pods = { job: api.job, namespace: api.namespace, app: api.app, pod: '=~$pod' };
  const m = (metric: string, extra: Record<string, string> = {}): string => selector(metric, { ...pods, ...extra });
  const rate = (metric: string, extra: Record<string, string> = {}): string =>
    `rate(${m(metric, extra)}[$__rate_interval])`;
  const quantile = (q: number): string =>
    `histogram_quantile(${q}, sum by (le) (${rate('http_request_duration_seconds_bucket')}))`;
  const ratio = (status: string): string =>
    `(sum(${rate('http_request_duration_seconds_count', { status_code: `=~${status}` })}) or vector(0))\n/ ` +
    `sum(${rate('http_request_duration_seconds_count')})`;
  const recorded = (metric: string): string => selector(metric, { namespace: api.namespace, app: api.app });

  const builder = lmsDashboard(
    'lms-application',
    'LMS / Application',
    `Requests, latency, errors and runtime of ${api.app}.`,
  )
    .withVariable(
      promVariable(
        'pod',
        'Pod',
        `label_values(${selector('up', { job: api.job, namespace: api.namespace, app: api.app })}, pod)`,
      ),
    )
    .withRow(new RowBuilder('Traffic'))
    .withPanel(
      new StatBuilder()
        .title('5xx ratio (5m)')
        .description(
          'Share of requests answered with a 5xx status over 5 minutes (recording rule); the alert fires above 5%.',
        )
        .unit('percentunit')
        .datasource(DATASOURCES.prometheus)
        .withTarget(promQuery(recorded('namespace_app:http_requests_5xx:ratio_rate5m'), '5xx'))
        .span(6)
        .height(4),
    )
    .withPanel(
      new StatBuilder()
        .title('p95 latency (5m)')
        .description(
          '95th percentile of request duration over 5 minutes (recording rule); the alert fires above 500 ms.',
        )
        .unit('s')
        .datasource(DATASOURCES.prometheus)
        .withTarget(promQuery(recorded('namespace_app:http_request_duration_seconds:p95_rate5m'), 'p95'))
        .span(6)
        .height(4),
    )
    .withPanel(
      new StatBuilder()
        .title('Request rate (5m)')
        .description('Requests per second across all pods over 5 minutes (recording rule).')
        .unit('reqps')
        .datasource(DATASOURCES.prometheus)
        .withTarget(promQuery(recorded('namespace_app:http_requests:rate5m'), 'rate'))
        .span(12)
        .height(4),
    )
    .withPanel(
      timeSeries({
        title: 'Request rate by route',
        description: 'Requests per second, by route template.',
        unit: 'reqps',
        targets: promQueries([`sum by (route) (${rate('http_request_duration_seconds_count')})`, '{{route}}']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Latency p50 / p95 / p99',
        description: 'Request duration percentiles over all routes, from the histogram buckets.',
        unit: 's',
        targets: promQueries([quantile(0.5), 'p50'], [quantile(0.95), 'p95'], [quantile(0.99), 'p99']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Error ratio (4xx, 5xx)',
        description: 'Share of requests answered with a client (4xx) or server (5xx) error.',
        unit: 'percentunit',
        targets: promQueries([ratio('4..'), '4xx'], [ratio('5..'), '5xx']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Requests by status code',
        description: 'Requests per second, by HTTP status code.',
        unit: 'reqps',
        targets: promQueries([
          `sum by (status_code) (${rate('http_request_duration_seconds_count')})`,
          '{{status_code}}',
        ]),
      }),
    )
    .withRow(new RowBuilder('Runtime'))
    .withPanel(
      timeSeries({
        title: 'CPU per pod',
        description: 'CPU seconds used per second by each API process.',
        unit: 'short',
        targets: promQueries([`sum by (pod) (${rate('process_cpu_seconds_total')})`, '{{pod}}']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Memory per pod',
        description: 'Resident memory of each API process.',
        unit: 'bytes',
        targets: promQueries([`sum by (pod) (${m('process_resident_memory_bytes')})`, '{{pod}}']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Event-loop lag p99',
        description: 'How late the Node.js event loop runs callbacks; high values mean blocked or saturated pods.',
        unit: 's',
        targets: promQueries([`max by (pod) (${m('nodejs_eventloop_lag_p99_seconds')})`, '{{pod}}']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Heap used / total',
        description: 'V8 heap in use and allocated, per pod.',
        unit: 'bytes',
        targets: promQueries(
          [`sum by (pod) (${m('nodejs_heap_size_used_bytes')})`, '{{pod}} used'],
          [`sum by (pod) (${m('nodejs_heap_size_total_bytes')})`, '{{pod}} total'],
        ),
      }),
    )
    .withRow(new RowBuilder('Database pool and loans'))
    .withPanel(
      timeSeries({
        title: 'Database pool',
        description: 'Connections of the API pools: total, idle, and requests waiting for a connection.',
        unit: 'short',
        targets: promQueries([`sum by (state) (${m('lms_db_pool_connections')})`, '{{state}}']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Loan operations',
        description: 'Checkouts, returns, renewals and fine payments per second, by outcome.',
        unit: 'ops',
        targets: promQueries([
          `sum by (operation, outcome) (${rate('lms_loan_operations_total')})`,
          '{{operation}} {{outcome}}',
        ]),
      }),
    )
    .withRow(new RowBuilder('Holds'))
    .withPanel(
      timeSeries({
        title: 'Holds waiting and ready',
        description:
          'Library-wide holds waiting in a queue and ready on the hold shelf. Every pod reports the same ' +
          'figure (refreshed at each hold maintenance tick), so the panel takes the max.',
        unit: 'short',
        targets: promQueries([`max(${m('lms_holds_waiting')})`, 'waiting'], [`max(${m('lms_holds_ready')})`, 'ready']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Hold operations',
        description: 'Holds placed, cancelled, expired, copies set aside and holds fulfilled per second, by outcome.',
        unit: 'ops',
        targets: promQueries([
          `sum by (operation, outcome) (${rate('lms_hold_operations_total')})`,
          '{{operation}} {{outcome}}',
        ]),
      }),
    );
  return finish(builder, 'lms-application');
}
