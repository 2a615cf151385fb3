import { selector } from './promql.js';
import type { RecordingRule, RuleGroup } from './types.js';

/** postgres-exporter series that CloudNativePG's default queries export under another name. */
const SAME_SERIES = [
  'pg_stat_database_xact_commit',
  'pg_stat_database_xact_rollback',
  'pg_stat_database_blks_hit',
  'pg_stat_database_blks_read',
  'pg_stat_database_tup_fetched',
  'pg_stat_database_tup_returned',
  'pg_stat_database_tup_inserted',
  'pg_stat_database_tup_updated',
  'pg_stat_database_tup_deleted',
  'pg_stat_database_deadlocks',
  'pg_database_size_bytes',
] as const;

/**
 * Recording rules that give the series of CloudNativePG instances the names of postgres-exporter's,
 * so the PostgreSQL alerts and dashboard read both modes unchanged. In the StatefulSet mode no
 * `cnpg_*` series exists and these rules record nothing.
 */
export function cloudNativePgCompatibilityRules(job: string): RuleGroup {
  const m = (metric: string, matchers: Record<string, string> = {}) => selector(metric, { job, ...matchers });
  const renamed: RecordingRule[] = SAME_SERIES.map((name) => ({ record: name, expr: m(`cnpg_${name}`) }));
  return {
    name: 'postgresql-cloudnative-pg',
    rules: [
      { record: 'pg_up', expr: m('cnpg_collector_up') },
      ...renamed,
      {
        record: 'pg_stat_database_numbackends',
        expr: `sum without (usename, application_name, state) (${m('cnpg_backends_total')})`,
      },
      {
        record: 'pg_settings_max_connections',
        expr: `max without (name) (${m('cnpg_pg_settings_setting', { name: 'max_connections' })})`,
      },
      {
        record: 'pg_stat_activity_max_tx_duration',
        expr: `max without (usename, application_name, state) (${m('cnpg_backends_max_tx_duration_seconds')})`,
      },
    ],
  };
}
