import {
  QueryVariableBuilder,
  RowBuilder,
  TextBoxVariableBuilder,
  VariableRefresh,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { LogsSortOrder, GraphDrawStyle } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as LogsBuilder } from '@grafana/grafana-foundation-sdk/logs';
import { selector } from '../rules/promql.js';
import { DATASOURCES, finish, lmsDashboard, lokiQuery, timeSeries, type DashboardDefinition } from './panels.js';

/** Which stream carries the API's JSON request logs. */
export interface ApiLogStream {
  readonly namespace: string;
  readonly app: string;
}

function lokiVariable(name: string, label: string, query: string, allValue: string): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCES.loki)
    .query({ type: 1, label: name, stream: query, refId: 'LokiVariableQueryEditor-VariableQuery' })
    .definition(`label_values(${query}, ${name})`)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .includeAll(true)
    .multi(true)
    .allValue(allValue);
}

function logsPanel(title: string, description: string, expr: string, width: number): LogsBuilder {
  return new LogsBuilder()
    .title(title)
    .description(description)
    .datasource(DATASOURCES.loki)
    .withTarget(lokiQuery(expr).maxLines(1000))
    .showTime(true)
    .wrapLogMessage(true)
    .enableLogDetails(true)
    .sortOrder(LogsSortOrder.Descending)
    .span(width)
    .height(12);
}

/** The Logs dashboard (Loki): volume, errors, a searchable log view and the API's parsed request logs. */
export function logsDashboard(api: ApiLogStream): DashboardDefinition {
  // At least one matcher must not match the empty string, hence `.+` for "All" namespaces.
  const streams = '{namespace=~"$namespace", pod=~"$pod"}';
  const errors = `${streams} |~ \`(?i)\\b(error|fatal|panic)\\b\``;
  const apiStream = selector('', { namespace: api.namespace, app: api.app });
  const requests = `${apiStream} | json | route != ""`;

  const builder = lmsDashboard(
    'lms-logs',
    'LMS / Logs',
    'Every pod\u2019s logs, searchable by namespace, pod and level.',
  )
    .withVariable(lokiVariable('namespace', 'Namespace', '{namespace=~".+"}', '.+'))
    .withVariable(lokiVariable('pod', 'Pod', '{namespace=~"$namespace"}', '.*'))
    .withVariable(lokiVariable('level', 'Level', '{namespace=~"$namespace", level=~".+"}', '.*'))
    .withVariable(new TextBoxVariableBuilder('search').label('Search').defaultValue(''))
    .withRow(new RowBuilder('Volume'))
    .withPanel(
      timeSeries({
        title: 'Log volume by pod and level',
        description: 'Log lines per interval, by pod and level (level is set for JSON logs that carry one).',
        unit: 'short',
        datasource: DATASOURCES.loki,
        targets: [lokiQuery(`sum by (pod, level) (count_over_time(${streams} [$__auto]))`, 'A', '{{pod}} {{level}}')],
      }).drawStyle(GraphDrawStyle.Bars),
    )
    .withPanel(
      timeSeries({
        title: 'Error lines',
        description: 'Lines mentioning error, fatal or panic, per pod and interval.',
        unit: 'short',
        datasource: DATASOURCES.loki,
        targets: [lokiQuery(`sum by (pod) (count_over_time(${errors} [$__auto]))`, 'A', '{{pod}}')],
      }).drawStyle(GraphDrawStyle.Bars),
    )
    .withRow(new RowBuilder('Logs'))
    .withPanel(
      logsPanel(
        'Logs',
        'All lines of the selected namespaces, pods and levels that match the search text (a regular expression).',
        '{namespace=~"$namespace", pod=~"$pod", level=~"$level"} |~ "$search"',
        24,
      ),
    )
    .withPanel(logsPanel('Error lines', 'The error lines counted above.', errors, 24))
    .withRow(new RowBuilder('API requests'))
    .withPanel(
      timeSeries({
        title: 'API requests by status code',
        description: 'Requests counted from the API\u2019s JSON request logs, by status code.',
        unit: 'short',
        datasource: DATASOURCES.loki,
        targets: [lokiQuery(`sum by (statusCode) (count_over_time(${requests} [$__auto]))`, 'A', '{{statusCode}}')],
      }),
    )
    .withPanel(
      logsPanel(
        'API request logs',
        'One line per request, parsed from JSON: method, route, status and duration.',
        `${requests} | line_format "{{.method}} {{.route}} {{.statusCode}} {{.responseTime}}ms user={{.userId}}"`,
        12,
      ),
    );
  return finish(builder, 'lms-logs');
}
