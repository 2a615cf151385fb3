/**
 * Unit tests for the alerting rules, in the shape `promtool test rules` reads. Every alert has a case where it
 * fires and one where it stays silent. Expected annotations are expanded from the rules' own templates.
 */

export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

export interface AlertCase {
  readonly alert: string;
  /** Why this case fires or not, for humans reading a failure. */
  readonly name: string;
  readonly input: readonly InputSeries[];
  readonly evalTime: string;
  /** Labels of the expected alert (without alertname and severity), or null when it must stay silent. */
  readonly fires: { readonly labels: Readonly<Record<string, string>>; readonly value: number } | null;
}

const api = 'job="kubernetes-pods",namespace="lms",app="lms-api",pod="lms-api-1",instance="10.0.0.1:8000"';
const requests = (status: string, perMinute: number): InputSeries => ({
  series: `http_request_duration_seconds_count{${api},method="GET",route="/api/v1/books",status_code="${status}"}`,
  values: `0+${perMinute}x30`,
});
const bucket = (le: string, perMinute: number): InputSeries => ({
  series: `http_request_duration_seconds_bucket{${api},method="GET",route="/api/v1/books",status_code="200",le="${le}"}`,
  values: `0+${perMinute}x30`,
});
const worker =
  'job="kubernetes-pods",namespace="lms",app="lms-notice-worker",pod="lms-notice-worker-1",instance="10.0.0.3:9465"';
const pg = 'job="postgres-exporter",namespace="lms",pod="postgres-0",instance="10.0.0.2:9187"';
const node =
  'job="node-exporter",instance="node-1",namespace="monitoring-agents",pod="node-exporter-abc",node="node-1"';
const fs = `${node},device="/dev/sda1",fstype="ext4",mountpoint="/"`;
const ksm = 'job="kube-state-metrics",namespace="lms",instance="10.0.0.3:8080"';
const pvc =
  'job="kubelet",metrics_path="/metrics",node="node-1",instance="node-1",namespace="lms",persistentvolumeclaim="data-postgres-0"';

export const ALERT_CASES: readonly AlertCase[] = [
  {
    alert: 'LmsBackupTooOld',
    name: 'the last backup Job of the CronJob succeeded 30 hours ago',
    input: [
      {
        series: `kube_job_status_completion_time{${ksm},job_name="postgres-backup-29000000"}`,
        values: `${108000 - 30 * 3600}x1800`,
      },
    ],
    evalTime: '30h',
    fires: { labels: {}, value: 30 * 3600 },
  },
  {
    alert: 'LmsBackupTooOld',
    name: 'the backup CronJob succeeded 2 hours ago',
    input: [
      {
        series: `kube_job_status_completion_time{${ksm},job_name="postgres-backup-29000000"}`,
        values: `${108000 - 2 * 3600}x1800`,
      },
    ],
    evalTime: '30h',
    fires: null,
  },
  {
    alert: 'LmsBackupTooOld',
    name: 'no backup ever succeeded (only an unrelated Job completed)',
    input: [{ series: `kube_job_status_completion_time{${ksm},job_name="lms-migrate"}`, values: '100x1700' }],
    evalTime: '27h',
    fires: { labels: {}, value: 27 * 3600 },
  },
  {
    alert: 'LmsBackupTooOld',
    name: 'CloudNativePG: the Barman Cloud plugin backed up an hour ago',
    input: [
      {
        series: `barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{${pg}}`,
        values: `${108000 - 3600}x1800`,
      },
    ],
    evalTime: '30h',
    fires: null,
  },
  {
    alert: 'LmsWalArchiveFailing',
    name: 'archive_library fails on every segment for 20 minutes',
    input: [{ series: `pg_stat_archiver_failed_count{${pg}}`, values: '0+3x30' }],
    evalTime: '25m',
    fires: { labels: { namespace: 'lms', pod: 'postgres-0' }, value: 30 },
  },
  {
    alert: 'LmsWalArchiveFailing',
    name: 'CloudNativePG: archiving fails on an instance',
    input: [{ series: `cnpg_pg_stat_archiver_failed_count{${pg}}`, values: '0+1x30' }],
    evalTime: '25m',
    fires: { labels: { namespace: 'lms', pod: 'postgres-0' }, value: 10 },
  },
  {
    alert: 'LmsWalArchiveFailing',
    name: 'one failure long ago, archiving works since',
    input: [{ series: `pg_stat_archiver_failed_count{${pg}}`, values: '0 1x40' }],
    evalTime: '30m',
    fires: null,
  },
  {
    alert: 'LmsReplicationLagHigh',
    name: 'a CloudNativePG standby is 120 s behind for 10 minutes',
    input: [{ series: `cnpg_pg_replication_lag{${pg}}`, values: '120x20' }],
    evalTime: '10m',
    fires: { labels: { namespace: 'lms', pod: 'postgres-0' }, value: 120 },
  },
  {
    alert: 'LmsReplicationLagHigh',
    name: 'the standby is 1 s behind',
    input: [{ series: `cnpg_pg_replication_lag{${pg}}`, values: '1x20' }],
    evalTime: '10m',
    fires: null,
  },
  {
    alert: 'LmsApiDown',
    name: 'every API target fails its scrape',
    input: [{ series: `up{${api}}`, values: '0x10' }],
    evalTime: '5m',
    fires: { labels: {}, value: 0 },
  },
  {
    alert: 'LmsApiDown',
    name: 'the API answers',
    input: [{ series: `up{${api}}`, values: '1x10' }],
    evalTime: '5m',
    fires: null,
  },
  {
    alert: 'LmsApiHighErrorRatio',
    name: '10% of requests answer 500',
    input: [requests('200', 90), requests('500', 10)],
    evalTime: '15m',
    fires: { labels: { namespace: 'lms', app: 'lms-api' }, value: 0.1 },
  },
  {
    alert: 'LmsApiHighErrorRatio',
    name: '2% of requests answer 500',
    input: [requests('200', 98), requests('500', 2)],
    evalTime: '15m',
    fires: null,
  },
  {
    alert: 'LmsApiHighErrorRatio',
    name: 'only successes (no 5xx series at all)',
    input: [requests('200', 100)],
    evalTime: '15m',
    fires: null,
  },
  {
    alert: 'LmsApiHighLatency',
    name: 'every request takes between 0.5 s and 1 s',
    input: [bucket('0.5', 0), bucket('1', 60), bucket('+Inf', 60)],
    evalTime: '20m',
    fires: { labels: { namespace: 'lms', app: 'lms-api' }, value: 0.975 },
  },
  {
    alert: 'LmsApiHighLatency',
    name: 'every request is faster than 0.5 s',
    input: [bucket('0.5', 60), bucket('1', 60), bucket('+Inf', 60)],
    evalTime: '20m',
    fires: null,
  },
  {
    alert: 'PostgresDown',
    name: 'the exporter cannot reach PostgreSQL',
    input: [{ series: `pg_up{${pg}}`, values: '0x10' }],
    evalTime: '5m',
    fires: { labels: {}, value: 0 },
  },
  {
    alert: 'PostgresDown',
    name: 'cloudnative-pg mode: the instance reports up, recorded as pg_up',
    input: [{ series: `cnpg_collector_up{${pg}}`, values: '1x10' }],
    evalTime: '5m',
    fires: null,
  },
  {
    alert: 'PostgresDown',
    name: 'cloudnative-pg mode: the instance reports down',
    input: [{ series: `cnpg_collector_up{${pg}}`, values: '0x10' }],
    evalTime: '5m',
    fires: { labels: {}, value: 0 },
  },
  {
    alert: 'PostgresDown',
    name: 'PostgreSQL is up',
    input: [{ series: `pg_up{${pg}}`, values: '1x10' }],
    evalTime: '5m',
    fires: null,
  },
  {
    alert: 'PostgresTooManyConnections',
    name: '90 of 100 connections in use',
    input: [
      { series: `pg_stat_database_numbackends{${pg},datname="lms"}`, values: '85x10' },
      { series: `pg_stat_database_numbackends{${pg},datname="postgres"}`, values: '5x10' },
      { series: `pg_settings_max_connections{${pg}}`, values: '100x10' },
    ],
    evalTime: '8m',
    fires: { labels: { namespace: 'lms', pod: 'postgres-0' }, value: 0.9 },
  },
  {
    alert: 'PostgresTooManyConnections',
    name: '50 of 100 connections in use',
    input: [
      { series: `pg_stat_database_numbackends{${pg},datname="lms"}`, values: '50x10' },
      { series: `pg_settings_max_connections{${pg}}`, values: '100x10' },
    ],
    evalTime: '8m',
    fires: null,
  },
  {
    alert: 'LmsNoticeQueueStalled',
    name: 'the oldest notice has waited 20 minutes and keeps waiting',
    input: [{ series: `lms_notice_oldest_queued_age_seconds{${worker}}`, values: '1200+60x10' }],
    evalTime: '5m',
    fires: { labels: {}, value: 1500 },
  },
  {
    alert: 'LmsNoticeQueueStalled',
    name: 'notices go out within a minute',
    input: [{ series: `lms_notice_oldest_queued_age_seconds{${worker}}`, values: '30 0 45 0 12 0 0 0 0 0' }],
    evalTime: '5m',
    fires: null,
  },
  {
    alert: 'PostgresDeadlocks',
    name: 'a deadlock was detected two minutes ago',
    input: [{ series: `pg_stat_database_deadlocks{${pg},datname="lms"}`, values: '0 0 0 1 1 1 1 1' }],
    evalTime: '5m',
    fires: { labels: { namespace: 'lms', pod: 'postgres-0', datname: 'lms' }, value: 1 },
  },
  {
    alert: 'PostgresDeadlocks',
    name: 'no deadlock',
    input: [{ series: `pg_stat_database_deadlocks{${pg},datname="lms"}`, values: '3x10' }],
    evalTime: '5m',
    fires: null,
  },
  {
    alert: 'NodeHighCpu',
    name: 'the node is 95% busy',
    input: [{ series: `node_cpu_seconds_total{${node},cpu="0",mode="idle"}`, values: '0+3x30' }],
    evalTime: '25m',
    fires: { labels: { instance: 'node-1' }, value: 0.95 },
  },
  {
    alert: 'NodeHighCpu',
    name: 'the node is half busy',
    input: [{ series: `node_cpu_seconds_total{${node},cpu="0",mode="idle"}`, values: '0+30x30' }],
    evalTime: '25m',
    fires: null,
  },
  {
    alert: 'NodeFilesystemAlmostFull',
    name: '5% of / is free',
    input: [
      { series: `node_filesystem_avail_bytes{${fs}}`, values: '5x30' },
      { series: `node_filesystem_size_bytes{${fs}}`, values: '100x30' },
      { series: `node_filesystem_readonly{${fs}}`, values: '0x30' },
    ],
    evalTime: '20m',
    fires: {
      labels: {
        job: 'node-exporter',
        instance: 'node-1',
        namespace: 'monitoring-agents',
        pod: 'node-exporter-abc',
        node: 'node-1',
        device: '/dev/sda1',
        fstype: 'ext4',
        mountpoint: '/',
      },
      value: 0.05,
    },
  },
  {
    alert: 'NodeFilesystemAlmostFull',
    name: '50% of / is free',
    input: [
      { series: `node_filesystem_avail_bytes{${fs}}`, values: '50x30' },
      { series: `node_filesystem_size_bytes{${fs}}`, values: '100x30' },
      { series: `node_filesystem_readonly{${fs}}`, values: '0x30' },
    ],
    evalTime: '20m',
    fires: null,
  },
  {
    alert: 'HpaAtMaxReplicas',
    name: 'the HPA has run at 5 of max 5 replicas for 20 minutes',
    input: [
      {
        series: `kube_horizontalpodautoscaler_status_current_replicas{${ksm},horizontalpodautoscaler="lms-api"}`,
        values: '5x30',
      },
      {
        series: `kube_horizontalpodautoscaler_spec_max_replicas{${ksm},horizontalpodautoscaler="lms-api"}`,
        values: '5x30',
      },
    ],
    evalTime: '20m',
    fires: {
      labels: {
        job: 'kube-state-metrics',
        namespace: 'lms',
        instance: '10.0.0.3:8080',
        horizontalpodautoscaler: 'lms-api',
      },
      value: 5,
    },
  },
  {
    alert: 'HpaAtMaxReplicas',
    name: 'the HPA runs 3 of max 5 replicas',
    input: [
      {
        series: `kube_horizontalpodautoscaler_status_current_replicas{${ksm},horizontalpodautoscaler="lms-api"}`,
        values: '3x30',
      },
      {
        series: `kube_horizontalpodautoscaler_spec_max_replicas{${ksm},horizontalpodautoscaler="lms-api"}`,
        values: '5x30',
      },
    ],
    evalTime: '20m',
    fires: null,
  },
  {
    alert: 'PodCrashLooping',
    name: 'a container has waited in CrashLoopBackOff for 20 minutes',
    input: [
      {
        series: `kube_pod_container_status_waiting_reason{${ksm},pod="lms-api-1",container="api",reason="CrashLoopBackOff"}`,
        values: '1x30',
      },
    ],
    evalTime: '20m',
    fires: {
      labels: {
        job: 'kube-state-metrics',
        namespace: 'lms',
        instance: '10.0.0.3:8080',
        pod: 'lms-api-1',
        container: 'api',
        reason: 'CrashLoopBackOff',
      },
      value: 1,
    },
  },
  {
    alert: 'PodCrashLooping',
    name: 'a container is only being created',
    input: [
      {
        series: `kube_pod_container_status_waiting_reason{${ksm},pod="lms-api-1",container="api",reason="ContainerCreating"}`,
        values: '1x30',
      },
    ],
    evalTime: '20m',
    fires: null,
  },
  {
    alert: 'PersistentVolumeFillingUp',
    name: '5% of the volume is free',
    input: [
      { series: `kubelet_volume_stats_available_bytes{${pvc}}`, values: '5x20' },
      { series: `kubelet_volume_stats_capacity_bytes{${pvc}}`, values: '100x20' },
    ],
    evalTime: '10m',
    fires: {
      labels: {
        job: 'kubelet',
        metrics_path: '/metrics',
        node: 'node-1',
        instance: 'node-1',
        namespace: 'lms',
        persistentvolumeclaim: 'data-postgres-0',
      },
      value: 0.05,
    },
  },
  {
    alert: 'PersistentVolumeFillingUp',
    name: 'half of the volume is free',
    input: [
      { series: `kubelet_volume_stats_available_bytes{${pvc}}`, values: '50x20' },
      { series: `kubelet_volume_stats_capacity_bytes{${pvc}}`, values: '100x20' },
    ],
    evalTime: '10m',
    fires: null,
  },
  {
    alert: 'ScrapeTargetDown',
    name: 'node-exporter has not answered for 10 minutes',
    input: [{ series: 'up{job="node-exporter",instance="node-1:9100"}', values: '0x20' }],
    evalTime: '10m',
    fires: { labels: { job: 'node-exporter', instance: 'node-1:9100' }, value: 0 },
  },
  {
    alert: 'ScrapeTargetDown',
    name: 'node-exporter answers',
    input: [{ series: 'up{job="node-exporter",instance="node-1:9100"}', values: '1x20' }],
    evalTime: '10m',
    fires: null,
  },
  {
    alert: 'Watchdog',
    name: 'fires with no input at all, always',
    input: [],
    evalTime: '1m',
    fires: { labels: {}, value: 1 },
  },
  ...sloCases(),
];

/**
 * The burn-rate alerts of the three objectives: an outage that starts after an hour of clean traffic pages within
 * 13 minutes (the 1h/5m pair; the slower pairs are still pending), and 7 hours at 0.9× the budget-neutral error rate
 * (the budget would just last the period) neither pages nor opens a ticket.
 */
function sloCases(): AlertCase[] {
  const page = (slo: string) => ({
    labels: { namespace: 'lms', app: 'lms-api', slo, severity: 'critical', window: '1h/5m' },
    value: 0,
  });
  const checkout = (outcome: string, values: string): InputSeries => ({
    series: `lms_loan_operations_total{${api},operation="checkout",outcome="${outcome}"}`,
    values,
  });
  const status = (code: string, values: string): InputSeries => ({
    series: `http_request_duration_seconds_count{${api},method="GET",route="/api/v1/books",status_code="${code}"}`,
    values,
  });
  const le = (bound: string, values: string): InputSeries => ({
    series: `http_request_duration_seconds_bucket{${api},method="GET",route="/api/v1/books",status_code="200",le="${bound}"}`,
    values,
  });
  // One sample a minute: an hour of good traffic, then every event bad for 13 minutes.
  const goodThenStops = (perMinute: number) => `0+${perMinute}x60 ${60 * perMinute}x13`;
  const badAfterAnHour = (perMinute: number) => `0x60 ${perMinute}+${perMinute}x13`;
  // Longer than the 6 h short window; the long windows see the same ratio over the data there is.
  const steady = (perMinute: number) => `0+${perMinute}x430`;
  return [
    {
      alert: 'LmsApiAvailabilityBudgetBurn',
      name: 'every request answers 500 for 13 minutes after an hour of successes: pages (1h/5m)',
      input: [status('200', goodThenStops(1000)), status('500', badAfterAnHour(1000))],
      evalTime: '73m',
      fires: page('lms-api-availability'),
    },
    {
      alert: 'LmsApiAvailabilityBudgetBurn',
      name: '0.45% of requests answer 500 for 7 hours (0.9× the budget-neutral rate): neither page nor ticket',
      input: [status('200', steady(995.5)), status('500', steady(4.5)), status('404', steady(50))],
      evalTime: '7h',
      fires: null,
    },
    {
      alert: 'LmsApiLatencyBudgetBurn',
      name: 'every request takes over 500 ms for 13 minutes after an hour of fast ones: pages (1h/5m)',
      input: [status('200', steady(1000)), le('0.5', goodThenStops(1000)), le('+Inf', steady(1000))],
      evalTime: '73m',
      fires: page('lms-api-latency'),
    },
    {
      alert: 'LmsApiLatencyBudgetBurn',
      name: '0.9% of requests slower than 500 ms for 7 hours (0.9× the budget-neutral rate): neither page nor ticket',
      input: [status('200', steady(1000)), le('0.5', steady(991)), le('+Inf', steady(1000))],
      evalTime: '7h',
      fires: null,
    },
    {
      alert: 'LmsCheckoutBudgetBurn',
      name: 'every checkout fails for 13 minutes after an hour of successes: pages (1h/5m)',
      input: [checkout('success', goodThenStops(100)), checkout('error', badAfterAnHour(100))],
      evalTime: '73m',
      fires: page('lms-checkout'),
    },
    {
      alert: 'LmsCheckoutBudgetBurn',
      name: '19% of checkouts refused (no copy) and 0.9% failing for 7 hours: rejections are no errors, no alert',
      input: [checkout('success', steady(80)), checkout('rejected', steady(19.1)), checkout('error', steady(0.9))],
      evalTime: '7h',
      fires: null,
    },
  ];
}
