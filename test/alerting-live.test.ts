/**
 * Live, end to end: the real API on a real PostgreSQL, Debian's Prometheus with the synthesized API rules and
 * alerting block, Debian's Alertmanager with the configuration the Alertmanager construct renders, and a
 * webhook receiver (a node HTTP server) in place of the incident tool. Killing the API must page, grouped,
 * within the rule's `for` plus the group wait; starting it again must send the resolved notification. Only the
 * timings are shortened (rule `for`, scrape, evaluation, group wait and interval); routes, receivers and
 * expressions are the synthesized ones.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Chart, Testing } from 'cdk8s';
import { startApiProcess, startStack, type ApiProcess, type TestStack } from '../api/src/test/api-process.js';
import { Alertmanager } from '../lib/monitoring/alertmanager.js';
import { WATCHDOG_ALERT } from '../lib/monitoring/alertmanager-config.js';
import { alertingConfig } from '../lib/monitoring/prometheus-config.js';
import { isAlertingRule, type RuleFile } from '../lib/monitoring/rules/types.js';
import { toYaml } from '../lib/monitoring/yaml.js';
import { freePort, Processes, sleep, waitUntil } from './monitoring-live-support.js';
import { synthMonitoring, systemBinary } from './monitoring-support.js';

const binaries = {
  prometheus: systemBinary('prometheus'),
  alertmanager: systemBinary('prometheus-alertmanager'),
};
const live = Object.values(binaries).every(Boolean) ? describe : describe.skip;

/** The alert this test provokes, and the `for` it gets here instead of its synthesized 2 minutes. */
const ALERT = 'LmsApiDown';
const TEST_FOR_SECONDS = 10;
const TIMING = { groupWait: '2s', groupInterval: '3s', pageRepeatInterval: '1h', ticketRepeatInterval: '1h' };

interface Notification {
  readonly receivedAt: number;
  readonly receiver: string;
  readonly status: 'firing' | 'resolved';
  readonly groupLabels: Record<string, string>;
  readonly alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

const { chart } = synthMonitoring();

/** The synthesized API rule group with only the alert's `for` shortened. */
function apiRulesWithShortFor(): RuleFile {
  const file = chart.prometheus.ruleFiles['lms-api.yml'];
  if (!file) throw new Error('The synthesized rules have no lms-api.yml.');
  const groups = file.groups.map((group) => ({
    ...group,
    rules: group.rules.map((rule) =>
      isAlertingRule(rule) && rule.alert === ALERT ? { ...rule, for: `${TEST_FOR_SECONDS}s` } : rule,
    ),
  }));
  return { groups };
}

live('alerts reach a person: Prometheus → Alertmanager → webhook, live', () => {
  const processes = new Processes();
  const dir = mkdtempSync(join(tmpdir(), 'lms-alerting-live-'));
  const notifications: Notification[] = [];
  let receiver: Server | undefined;
  let stack: TestStack | undefined;
  let api: ApiProcess | undefined;
  let prometheusUrl = '';
  let alertmanagerUrl = '';

  async function promQuery(expr: string): Promise<number> {
    const body = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as {
      data: { result: unknown[] };
    };
    return body.data.result.length;
  }

  beforeAll(async () => {
    const receiverPort = await freePort();
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        notifications.push({ ...(JSON.parse(body) as Omit<Notification, 'receivedAt'>), receivedAt: Date.now() });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(receiverPort, '127.0.0.1', resolve));

    stack = await startStack({ LOG_LEVEL: 'info' });
    api = stack.api;

    const webhook = { webhook: { url: `http://127.0.0.1:${receiverPort}/alerts` } };
    const am = new Alertmanager(new Chart(Testing.app(), 'live'), 'am', { replicas: 1, page: webhook, timing: TIMING });
    writeFileSync(join(dir, 'alertmanager.yml'), am.configText);
    const amPort = await freePort();
    alertmanagerUrl = `http://127.0.0.1:${amPort}`;
    processes.start('alertmanager', binaries.alertmanager!, [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'alertmanager')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
    ]);

    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'lms-api.yml'), toYaml(apiRulesWithShortFor()));
    writeFileSync(join(dir, 'rules', 'watchdog.yml'), toYaml(chart.prometheus.ruleFiles['watchdog.yml']));
    const promPort = await freePort();
    prometheusUrl = `http://127.0.0.1:${promPort}`;
    const labels = { namespace: 'lms', pod: 'lms-api-0', node: 'live', app: 'lms-api' };
    writeFileSync(
      join(dir, 'prometheus.yml'),
      toYaml({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        alerting: alertingConfig([`127.0.0.1:${amPort}`]),
        rule_files: [join(dir, 'rules', '*.yml')],
        scrape_configs: [
          {
            job_name: 'kubernetes-pods',
            honor_labels: true,
            static_configs: [{ targets: [`127.0.0.1:${api.port}`], labels }],
          },
        ],
      }),
    );
    processes.start('prometheus', binaries.prometheus!, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      // Resend firing alerts every second instead of every minute, so a restarted Alertmanager learns fast.
      '--rules.alert.resend-delay=1s',
    ]);
    await waitUntil('Alertmanager to be ready', async () => (await fetch(`${alertmanagerUrl}/-/ready`)).ok);
    await waitUntil('the API target to be up', async () => (await promQuery('up{job="kubernetes-pods"} == 1')) === 1);
  }, 120_000);

  afterAll(async () => {
    await processes.stopAll();
    await api?.stop('SIGKILL');
    await stack?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('measures the series and the log volume of one API pod under mixed traffic (for sizing)', async () => {
    const scrapedSeries = async (): Promise<number> => {
      await sleep(2500); // two scrapes: the last one sees every request sent before
      const expr = encodeURIComponent('scrape_samples_scraped{job="kubernetes-pods"}');
      const body = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${expr}`)).json()) as {
        data: { result: { value: [number, string] }[] };
      };
      return Number(body.data.result[0]?.value[1] ?? 0);
    };
    const combinations = () => promQuery('http_request_duration_seconds_count{job="kubernetes-pods"}');
    const base = await scrapedSeries();
    const baseCombinations = await combinations();
    const logBytes = () => api!.logs.reduce((sum, line) => sum + JSON.stringify(line).length + 1, 0);
    const before = logBytes();
    const calls: [string, string][] = [
      ['GET', '/api/v1/books'],
      ['GET', '/api/v1/books?q=dune'],
      ['GET', '/api/v1/books/00000000-0000-4000-8000-000000000000'],
      ['GET', '/api/v1/loans'],
      ['POST', '/api/v1/auth/login'],
      ['GET', '/api/v1/no-such-route'],
    ];
    const requests = 240;
    for (let i = 0; i < requests; i++) await api!.request(...calls[i % calls.length]);
    const bytesPerRequest = (logBytes() - before) / requests;
    const series = await scrapedSeries();
    const added = (await combinations()) - baseCombinations;
    const perCombination = (series - base) / added;
    console.log(
      `One API pod: ${base} series idle, ${series} after ${requests} requests that made ${added} new ` +
        `(method, route, status) combinations, ${perCombination.toFixed(1)} series each; ` +
        `${bytesPerRequest.toFixed(0)} bytes of log per request at LOG_LEVEL=info.`,
    );
    // A guard on cardinality: a label with unbounded values (ids, raw paths) would add series per request.
    expect(added).toBeGreaterThanOrEqual(4);
    expect(perCombination).toBeLessThanOrEqual(16);
    expect(series).toBeLessThan(1000);
    expect(bytesPerRequest).toBeGreaterThan(50);
    expect(bytesPerRequest).toBeLessThan(2048);
  }, 60_000);

  it('routes the always-firing Watchdog to the null receiver, never to the webhook', async () => {
    let routed: string[] = [];
    await waitUntil('the Watchdog to reach Alertmanager', async () => {
      const alerts = (await (await fetch(`${alertmanagerUrl}/api/v2/alerts`)).json()) as {
        labels: Record<string, string>;
        receivers: { name: string }[];
      }[];
      routed = alerts
        .filter((a) => a.labels.alertname === WATCHDOG_ALERT)
        .flatMap((a) => a.receivers.map((r) => r.name));
      return routed.length > 0;
    });
    expect(routed).toEqual(['null']);
    expect(notifications.filter((n) => n.groupLabels.alertname === WATCHDOG_ALERT)).toEqual([]);
  }, 60_000);

  it('inhibits a warning while the critical alert of the same name and labels fires', async () => {
    const startsAt = new Date().toISOString();
    const alert = (severity: string, endsAt?: string) => ({
      labels: { alertname: 'LiveInhibitionCheck', namespace: 'lms', slo: 'live', severity },
      annotations: { summary: `a ${severity} sent by the test` },
      startsAt,
      ...(endsAt ? { endsAt } : {}),
    });
    const post = (alerts: unknown[]) =>
      fetch(`${alertmanagerUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
    expect((await post([alert('critical'), alert('warning')])).status).toBe(200);
    await waitUntil('the critical page', async () =>
      notifications.some((n) => n.groupLabels.alertname === 'LiveInhibitionCheck'),
    );
    await sleep(4000); // two more group intervals: time for a ticket that must not come
    const states = (await (await fetch(`${alertmanagerUrl}/api/v2/alerts`)).json()) as {
      labels: Record<string, string>;
      status: { state: string; inhibitedBy: string[] };
    }[];
    const state = (severity: string) =>
      states.find((a) => a.labels.alertname === 'LiveInhibitionCheck' && a.labels.severity === severity)?.status;
    expect(state('warning')).toMatchObject({ state: 'suppressed', inhibitedBy: [expect.any(String)] });
    expect(state('critical')).toMatchObject({ state: 'active' });
    const sent = notifications.filter((n) => n.groupLabels.alertname === 'LiveInhibitionCheck');
    expect(sent.map((n) => [n.receiver, n.alerts.map((a) => a.labels.severity)])).toEqual([['page', ['critical']]]);
    const now = new Date().toISOString();
    await post([alert('critical', now), alert('warning', now)]);
  }, 60_000);

  it('pages when the API dies, grouped, within for + group wait, and sends the resolution when it is back', async () => {
    const { port } = api!;
    const killedAt = Date.now();
    await api!.stop('SIGKILL');
    const ofAlert = () => notifications.filter((n) => n.groupLabels.alertname === ALERT);
    await waitUntil('the page for the dead API', async () => ofAlert().some((n) => n.status === 'firing'), 60_000);
    const page = ofAlert().find((n) => n.status === 'firing')!;
    const deliverySeconds = (page.receivedAt - killedAt) / 1000;

    const restartedAt = Date.now();
    api = await startApiProcess({ ...stack!.env, PORT: String(port) });
    await waitUntil('the resolved notification', async () => ofAlert().some((n) => n.status === 'resolved'), 60_000);
    const resolved = ofAlert().find((n) => n.status === 'resolved')!;
    const resolutionSeconds = (resolved.receivedAt - restartedAt) / 1000;
    console.log(
      `Alert delivery: API killed → page at the webhook in ${deliverySeconds.toFixed(1)} s ` +
        `(rule for ${TEST_FOR_SECONDS} s, group wait ${TIMING.groupWait}, scrape and evaluation every 1 s); ` +
        `API restarted → resolved notification in ${resolutionSeconds.toFixed(1)} s ` +
        `(group interval ${TIMING.groupInterval}, API start included).`,
    );

    expect(page).toMatchObject({ receiver: 'page', groupLabels: { alertname: ALERT } });
    expect(page.alerts.map((a) => a.labels.alertname)).toEqual([ALERT]);
    expect(page.alerts[0].labels.severity).toBe('critical');
    expect(page.alerts[0].annotations.runbook_url).toMatch(/docs\/runbooks\.md#lmsapidown$/);
    // Not before the rule's `for`, and not much after it plus the group wait (scrape, evaluation, send).
    expect(deliverySeconds).toBeGreaterThanOrEqual(TEST_FOR_SECONDS);
    expect(deliverySeconds).toBeLessThan(TEST_FOR_SECONDS + 2 + 10);
    expect(resolved).toMatchObject({ receiver: 'page', groupLabels: { alertname: ALERT } });
    expect(resolved.alerts.map((a) => a.status)).toEqual(['resolved']);
    expect(resolutionSeconds).toBeLessThan(30);
    // One notification per state: the group is not re-sent while it does not change.
    expect(ofAlert().map((n) => n.status)).toEqual(['firing', 'resolved']);
  }, 150_000);
});
