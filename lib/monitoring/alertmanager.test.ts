import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Chart, Testing } from 'cdk8s';
import { Alertmanager, type AlertmanagerProps } from './alertmanager.js';
import { find, synthMonitoring, systemBinary, type Manifest } from '../../test/monitoring-support.js';

const amtool = systemBinary('amtool');
const withAmtool = amtool ? it : it.skip;
const { chart, manifests } = synthMonitoring();
const config = chart.alertmanager.config;

/** amtool check-config on a rendered file; its exit code and output. */
function checkConfig(text: string): { code: number; output: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'lms-alertmanager-')), 'alertmanager.yml');
  writeFileSync(file, text);
  try {
    return { code: 0, output: execFileSync(amtool!, ['check-config', file], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

const build = (props: AlertmanagerProps) => new Alertmanager(new Chart(Testing.app(), 'c'), 'a', props);

interface StatefulSetJson {
  spec: {
    replicas: number;
    serviceName: string;
    template: {
      spec: {
        securityContext: { runAsNonRoot: boolean };
        volumes: { name: string; secret?: { secretName: string } }[];
        containers: {
          args: string[];
          securityContext: Record<string, unknown>;
          volumeMounts: { name: string; mountPath: string }[];
        }[];
      };
    };
  };
}

describe('Alertmanager', () => {
  it('runs 2 replicas that gossip through a headless Service, each one named as a peer', () => {
    const set = find(manifests, 'StatefulSet', 'alertmanager', 'monitoring') as unknown as StatefulSetJson;
    expect(set.spec.replicas).toBe(2);
    expect(set.spec.serviceName).toBe('alertmanager-headless');
    const args = set.spec.template.spec.containers[0].args;
    expect(args.filter((a) => a.startsWith('--cluster.peer='))).toEqual([
      '--cluster.peer=alertmanager-0.alertmanager-headless.monitoring.svc:9094',
      '--cluster.peer=alertmanager-1.alertmanager-headless.monitoring.svc:9094',
    ]);
    const headless = find(manifests, 'Service', 'alertmanager-headless', 'monitoring') as unknown as {
      spec: { clusterIP: string; publishNotReadyAddresses: boolean; ports: { port: number; protocol?: string }[] };
    };
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(headless.spec.ports.filter((p) => p.port === 9094).map((p) => p.protocol)).toEqual(['TCP', 'UDP']);
  });

  it('keeps one pod through a voluntary disruption (PDB) and runs under the restricted profile', () => {
    const pdb = find(manifests, 'PodDisruptionBudget', 'alertmanager', 'monitoring') as unknown as {
      spec: { maxUnavailable: number };
    };
    expect(pdb.spec.maxUnavailable).toBe(1);
    const pod = (find(manifests, 'StatefulSet', 'alertmanager') as unknown as StatefulSetJson).spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('admits Prometheus to the API port and only its peers to the gossip port', () => {
    const policy = find(manifests, 'NetworkPolicy', 'alertmanager', 'monitoring') as unknown as {
      spec: { ingress: { ports: { port: number; protocol: string }[]; from: { podSelector: unknown }[] }[] };
    };
    const [api, gossip] = policy.spec.ingress;
    expect(api.ports).toEqual([{ protocol: 'TCP', port: 9093 }]);
    expect(api.from).toContainEqual(
      expect.objectContaining({ podSelector: { matchLabels: chart.prometheus.selectorLabels } }),
    );
    expect(gossip.ports.map((p) => `${p.protocol}/${p.port}`)).toEqual(['TCP/9094', 'UDP/9094']);
    expect(gossip.from).toEqual([{ podSelector: { matchLabels: chart.alertmanager.selectorLabels } }]);
  });

  it('receives the alerts of Prometheus, which sends to every pod', () => {
    expect(chart.prometheus.config.alerting).toEqual({
      alertmanagers: [{ api_version: 'v2', static_configs: [{ targets: [...chart.alertmanager.targets] }] }],
    });
    expect(chart.alertmanager.targets).toEqual([
      'alertmanager-0.alertmanager-headless.monitoring.svc:9093',
      'alertmanager-1.alertmanager-headless.monitoring.svc:9093',
    ]);
  });

  it('pages on critical, tickets on warning and info, and sends the watchdog to the null receiver', () => {
    const routes = config.route.routes ?? [];
    const receiverOf = (matcher: string) => routes.find((r) => r.matchers?.includes(matcher))?.receiver;
    expect(receiverOf('alertname="Watchdog"')).toBe('null');
    expect(receiverOf('severity="critical"')).toBe('page');
    expect(receiverOf('severity=~"warning|info"')).toBe('ticket');
    expect(config.route.group_by).toEqual(['alertname', 'namespace', 'slo']);
    expect(config.receivers.find((r) => r.name === 'null')).toEqual({ name: 'null' });
  });

  it('silences a warning while the critical alert of the same name and labels fires', () => {
    expect(config.inhibit_rules).toEqual([
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['alertname', 'namespace', 'app', 'slo'],
      },
    ]);
  });

  it('reads e-mail and Slack credentials from mounted Secrets, never from the config', () => {
    const am = build({
      page: { slack: { webhookUrl: { secretName: 'alert-slack', key: 'url' }, channel: '#lms-pages' } },
      ticket: {
        email: {
          to: 'ops@example.org',
          from: 'alerts@example.org',
          smarthost: 'smtp.example.org:587',
          username: 'alerts',
          password: { secretName: 'alert-smtp', key: 'password' },
        },
        webhook: { url: 'https://tickets.example.org/hook', bearerToken: { secretName: 'alert-smtp', key: 'token' } },
      },
    });
    expect(am.configText).toContain('api_url_file: /etc/alertmanager/secrets/alert-slack/url');
    expect(am.configText).toContain('auth_password_file: /etc/alertmanager/secrets/alert-smtp/password');
    expect(am.configText).toContain('credentials_file: /etc/alertmanager/secrets/alert-smtp/token');
    expect(am.configText).not.toMatch(/auth_password:|api_url:|credentials:/);
    const set = Testing.synth(Chart.of(am)).find((m: Manifest) => m.kind === 'StatefulSet') as StatefulSetJson;
    const pod = set.spec.template.spec;
    expect(pod.volumes.filter((v) => v.secret).map((v) => v.secret?.secretName)).toEqual(['alert-slack', 'alert-smtp']);
    expect(pod.containers[0].volumeMounts.map((m) => m.mountPath)).toContain('/etc/alertmanager/secrets/alert-smtp');
  });

  withAmtool('renders a configuration amtool check-config accepts, with every optional channel', () => {
    const withEverything = build({
      page: { slack: { webhookUrl: { secretName: 's', key: 'url' }, channel: '#p' } },
      ticket: { email: { to: 'a@example.org', from: 'b@example.org', smarthost: 'smtp.example.org:587' } },
      watchdog: { webhook: { url: 'https://deadman.example.org/ping' } },
    });
    for (const text of [chart.alertmanager.configText, withEverything.configText]) {
      const result = checkConfig(text);
      if (result.code !== 0) console.log(result.output);
      expect(result).toMatchObject({ code: 0 });
      expect(result.output).toContain('SUCCESS');
    }
  });

  withAmtool(
    'routes by severity in amtool as the tree says: critical pages, warning and info ticket, Watchdog null',
    () => {
      const file = join(mkdtempSync(join(tmpdir(), 'lms-alertmanager-')), 'alertmanager.yml');
      writeFileSync(file, chart.alertmanager.configText);
      const receiverFor = (...labels: string[]) =>
        execFileSync(amtool!, ['config', 'routes', 'test', `--config.file=${file}`, ...labels], {
          encoding: 'utf8',
        }).trim();
      expect(receiverFor('alertname=LmsApiDown', 'severity=critical')).toBe('page');
      expect(receiverFor('alertname=LmsApiHighLatency', 'severity=warning')).toBe('ticket');
      expect(receiverFor('alertname=Anything', 'severity=info')).toBe('ticket');
      expect(receiverFor('alertname=Watchdog', 'severity=info')).toBe('null');
      // Without a severity an alert still reaches a person, as a ticket.
      expect(receiverFor('alertname=Unlabelled')).toBe('ticket');
    },
  );

  withAmtool('fails amtool check-config on a route to a receiver that does not exist (the check can fail)', () => {
    const broken = chart.alertmanager.configText.replace('receiver: page', 'receiver: nobody');
    expect(checkConfig(broken).code).not.toBe(0);
  });

  it('refuses settings it cannot honour, saying what to change', () => {
    expect(() => build({ replicas: 0 })).toThrow(/'replicas' must be a whole number from 1 to 5/);
    expect(() => build({ page: {} })).toThrow(/Receiver 'page' needs at least one channel/);
    expect(() => build({ page: { webhook: { url: 'alerts.example.org' } } })).toThrow(/must start with http/);
    expect(() =>
      build({ page: { email: { to: 'a@b.c', from: 'a@b.c', smarthost: 'smtp:25', username: 'u' } } }),
    ).toThrow(/needs both 'username' and 'password'/);
    expect(() => build({ timing: { groupWait: 'soon' } })).toThrow(/'timing.groupWait' must be a duration/);
    expect(() => build({ groupBy: [] })).toThrow(/'groupBy' must name at least one label/);
  });

  it('runs alone without clustering when asked for one replica', () => {
    const am = build({ replicas: 1 });
    const set = Testing.synth(Chart.of(am)).find((m: Manifest) => m.kind === 'StatefulSet') as StatefulSetJson;
    expect(set.spec.template.spec.containers[0].args).toContain('--cluster.listen-address=');
    expect(am.targets).toHaveLength(1);
  });
});
