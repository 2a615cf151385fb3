import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { databaseBackupQueries, type DatabaseBackupSeries } from '../rules/database-backup.js';
import { selector } from '../rules/promql.js';
import {
  DATASOURCES,
  finish,
  lmsDashboard,
  promQueries,
  promQuery,
  timeSeries,
  type DashboardDefinition,
} from './panels.js';

/**
 * The PostgreSQL dashboard, on the series of postgres-exporter scraped by `job`. "Top queries" needs the
 * exporter's `stat_statements` collector and the `pg_stat_statements` extension.
 */
export function postgresqlDashboard(job: string, backups: DatabaseBackupSeries): DashboardDefinition {
  const backupQueries = databaseBackupQueries(backups);
  const m = (metric: string, extra: Record<string, string> = {}): string => selector(metric, { job, ...extra });
  const rate = (metric: string): string => `sum(rate(${m(metric)}[$__rate_interval]))`;
  const rows = ['fetched', 'returned', 'inserted', 'updated', 'deleted'] as const;

  const builder = lmsDashboard(
    'lms-postgresql',
    'LMS / PostgreSQL',
    'Availability, connections, transactions, locks, queries, backups and replication.',
  )
    .withRow(new RowBuilder('Health'))
    .withPanel(
      new StatBuilder()
        .title('Up')
        .description('1 when postgres-exporter can connect to PostgreSQL.')
        .datasource(DATASOURCES.prometheus)
        .withTarget(promQuery(`max(${m('pg_up')})`, 'up'))
        .span(4)
        .height(8),
    )
    .withPanel(
      timeSeries({
        title: 'Connections against max_connections',
        description: 'Backends connected to each database, and the server limit; the alert fires above 80%.',
        unit: 'short',
        width: 10,
        targets: promQueries(
          [`sum(${m('pg_stat_database_numbackends')})`, 'connections'],
          [`max(${m('pg_settings_max_connections')})`, 'max_connections'],
        ),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Commits and rollbacks',
        description: 'Transactions committed and rolled back per second.',
        unit: 'ops',
        width: 10,
        targets: promQueries(
          [rate('pg_stat_database_xact_commit'), 'commits'],
          [rate('pg_stat_database_xact_rollback'), 'rollbacks'],
        ),
      }),
    )
    .withRow(new RowBuilder('Work'))
    .withPanel(
      timeSeries({
        title: 'Rows',
        description: 'Rows fetched, returned, inserted, updated and deleted per second.',
        unit: 'rowsps',
        targets: promQueries(...rows.map((kind) => [rate(`pg_stat_database_tup_${kind}`), kind] as const)),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Cache hit ratio',
        description:
          'Share of block reads served from shared buffers; below 99% the working set does not fit in memory.',
        unit: 'percentunit',
        targets: promQueries([
          `${rate('pg_stat_database_blks_hit')}\n/ (${rate('pg_stat_database_blks_hit')} + ${rate('pg_stat_database_blks_read')})`,
          'hit ratio',
        ]),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Deadlocks',
        description: 'Deadlocks detected per database in each interval.',
        unit: 'short',
        targets: promQueries([
          `sum by (datname) (increase(${m('pg_stat_database_deadlocks')}[$__rate_interval]))`,
          '{{datname}}',
        ]),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Locks by mode',
        description: 'Locks held or awaited, by lock mode.',
        unit: 'short',
        targets: promQueries([`sum by (mode) (${m('pg_locks_count')})`, '{{mode}}']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Longest transaction',
        description: 'Age of the oldest open transaction per database; long ones hold locks and block vacuum.',
        unit: 's',
        targets: promQueries([`max by (datname) (${m('pg_stat_activity_max_tx_duration')})`, '{{datname}}']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Database size',
        description: 'On-disk size of each database.',
        unit: 'bytes',
        targets: promQueries([`max by (datname) (${m('pg_database_size_bytes')})`, '{{datname}}']),
      }),
    )
    .withRow(new RowBuilder('Backups and replication'))
    .withPanel(
      new StatBuilder()
        .title('Last base backup')
        .description(
          'Age of the newest successful base backup (backup CronJob or Barman Cloud plugin); LmsBackupTooOld fires past 26 h.',
        )
        .datasource(DATASOURCES.prometheus)
        .unit('s')
        .withTarget(promQuery(`time() - ${backupQueries.lastBackupTimestamp}`, 'age'))
        .span(4)
        .height(8),
    )
    .withPanel(
      timeSeries({
        title: 'WAL archive failures',
        description:
          'Failed attempts to archive a WAL segment; while they last, point-in-time recovery stops at the last archived one.',
        unit: 'short',
        width: 10,
        targets: promQueries([backupQueries.archiveFailures('$__rate_interval'), '{{pod}}']),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Replication lag',
        description: 'Seconds each standby is behind the primary (CloudNativePG mode; the StatefulSet has none).',
        unit: 's',
        width: 10,
        targets: promQueries([backupQueries.replicationLag, '{{pod}}']),
      }),
    )
    .withRow(new RowBuilder('Queries'))
    .withPanel(
      new TableBuilder()
        .title('Top queries by total time')
        .description('The ten statements with the most execution time in the selected range (pg_stat_statements).')
        .datasource(DATASOURCES.prometheus)
        .withTarget(
          promQuery(
            `topk(10, sum by (datname, queryid) (increase(${m('pg_stat_statements_seconds_total')}[$__range])))`,
            '{{queryid}}',
          )
            .instant()
            .format(PromQueryFormat.Table),
        )
        .span(24)
        .height(10),
    );
  return finish(builder, 'lms-postgresql');
}
