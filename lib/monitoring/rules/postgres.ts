import { selector } from './promql.js';
import type { RuleGroup } from './types.js';
import { validated } from './validate.js';

/** PostgreSQL alerts on the series of postgres-exporter, scraped by `job`. */
export function postgresRules(job: string): RuleGroup {
  const m = (metric: string): string => selector(metric, { job });
  return validated({
    name: 'postgresql',
    rules: [
      {
        alert: 'PostgresDown',
        expr: `(max(${m('pg_up')}) or vector(0)) == 0`,
        for: '1m',
        labels: { severity: 'critical' },
        annotations: {
          summary: 'PostgreSQL is down.',
          description:
            'postgres-exporter cannot reach PostgreSQL (pg_up is 0 or missing) for 1 minute; the API cannot serve requests.',
        },
      },
      {
        alert: 'PostgresTooManyConnections',
        expr:
          `sum by (namespace, pod) (${m('pg_stat_database_numbackends')})\n/ ` +
          `max by (namespace, pod) (${m('pg_settings_max_connections')}) > 0.8`,
        for: '5m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'PostgreSQL uses more than 80% of max_connections.',
          description:
            '{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its connections; new clients will soon be refused.',
        },
      },
      {
        alert: 'PostgresDeadlocks',
        expr: `sum by (namespace, pod, datname) (increase(${m('pg_stat_database_deadlocks')}[5m])) > 0`,
        labels: { severity: 'warning' },
        annotations: {
          summary: 'PostgreSQL detected deadlocks.',
          description:
            'PostgreSQL aborted transactions of database {{ $labels.datname }} on {{ $labels.pod }} to break deadlocks in the last 5 minutes.',
        },
      },
    ],
  });
}
