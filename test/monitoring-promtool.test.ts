import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { PrometheusConfig, ScrapeConfig } from '../lib/monitoring/prometheus-config.js';
import { isAlertingRule, type AlertingRule } from '../lib/monitoring/rules/types.js';
import { toYaml } from '../lib/monitoring/yaml.js';
import { ALERT_CASES, type AlertCase } from './monitoring-rule-cases.js';
import { synthMonitoring, systemBinary } from './monitoring-support.js';

const promtool = systemBinary('promtool');
const withPromtool = promtool ? it : it.skip;
const { chart } = synthMonitoring();
const alerts = Object.values(chart.prometheus.ruleFiles)
  .flatMap((file) => file.groups.flatMap((group) => group.rules))
  .filter(isAlertingRule);

/** Runs promtool; returns its exit code and output instead of throwing. */
function run(args: string[]): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync(promtool!, args, { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

/** Go's `%.4g`, which Prometheus' humanize functions use. */
function goG4(value: number): string {
  return String(Number(value.toPrecision(4)));
}

function humanizeDuration(seconds: number): string {
  if (Math.abs(seconds) >= 1) throw new Error('Only sub-second durations are expected in these cases.');
  let value = seconds;
  let prefix = '';
  for (const p of ['m', 'u', 'n']) {
    if (Math.abs(value) >= 1) break;
    prefix = p;
    value *= 1000;
  }
  return `${goG4(value)}${prefix}s`;
}

/** Expands the few template forms our annotations use, the way Prometheus would for this alert. */
function expand(template: string, labels: Record<string, string>, value: number): string {
  return template.replace(/\{\{\s*\$(labels\.(\w+)|value)\s*(?:\|\s*(\w+)\s*)?\}\}/g, (_m, _what, label, fn) => {
    if (label) return labels[label] ?? '';
    if (fn === 'humanizePercentage') return `${goG4(value * 100)}%`;
    if (fn === 'humanizeDuration') return humanizeDuration(value);
    if (fn === undefined) return String(value);
    throw new Error(`Template function ${fn} is not supported by this test.`);
  });
}

function expectedAlert(rule: AlertingRule, c: AlertCase) {
  if (!c.fires) return [];
  const labels = { ...c.fires.labels, ...rule.labels };
  return [
    {
      exp_labels: labels,
      exp_annotations: {
        summary: expand(rule.annotations.summary, labels, c.fires.value),
        description: expand(rule.annotations.description, labels, c.fires.value),
        ...(rule.annotations.runbook_url ? { runbook_url: rule.annotations.runbook_url } : {}),
      },
    },
  ];
}

/** Writes the rule files and a promtool unit-test file for `cases` into a fresh directory. */
function writeRuleTests(cases: readonly AlertCase[]): { dir: string; ruleFiles: string[]; testFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lms-rules-'));
  mkdirSync(join(dir, 'rules'));
  const ruleFiles = Object.entries(chart.prometheus.ruleFiles).map(([file, content]) => {
    writeFileSync(join(dir, 'rules', file), toYaml(content));
    return join('rules', file);
  });
  const tests = cases.map((c) => {
    const rule = alerts.find((a) => a.alert === c.alert);
    if (!rule) throw new Error(`Case '${c.name}' names an unknown alert ${c.alert}.`);
    return {
      interval: '1m',
      input_series: c.input,
      alert_rule_test: [{ eval_time: c.evalTime, alertname: c.alert, exp_alerts: expectedAlert(rule, c) }],
    };
  });
  const testFile = join(dir, 'alerts.test.yml');
  writeFileSync(testFile, toYaml({ rule_files: ruleFiles, evaluation_interval: '1m', tests }));
  return { dir, ruleFiles: ruleFiles.map((f) => join(dir, f)), testFile };
}

/** The synthesized config with Kubernetes SD swapped for static targets and in-cluster paths made local. */
function checkableConfig(config: PrometheusConfig, dir: string): unknown {
  const placeholder = join(dir, 'placeholder');
  writeFileSync(placeholder, 'not-a-secret\n');
  const localize = (job: ScrapeConfig): ScrapeConfig => {
    const { kubernetes_sd_configs: sd, ...rest } = job;
    return {
      ...rest,
      ...(sd ? { static_configs: [{ targets: ['127.0.0.1:9'] }] } : {}),
      ...(job.authorization ? { authorization: { credentials_file: placeholder } } : {}),
      ...(job.tls_config ? { tls_config: { ...job.tls_config, ca_file: placeholder } } : {}),
    };
  };
  return { ...config, rule_files: [join(dir, 'rules', '*.yml')], scrape_configs: config.scrape_configs.map(localize) };
}

describe('monitoring rules and config under promtool', () => {
  it('has a firing and a silent unit test for every alert', () => {
    for (const rule of alerts) {
      const cases = ALERT_CASES.filter((c) => c.alert === rule.alert);
      expect({ alert: rule.alert, fires: cases.some((c) => c.fires), silent: cases.some((c) => !c.fires) }).toEqual({
        alert: rule.alert,
        fires: true,
        silent: true,
      });
    }
  });

  withPromtool('passes promtool check rules', () => {
    const { ruleFiles } = writeRuleTests([]);
    const result = run(['check', 'rules', ...ruleFiles]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  withPromtool('fires each alert when it should and stays silent otherwise (promtool test rules)', () => {
    const { testFile } = writeRuleTests(ALERT_CASES);
    const result = run(['test', 'rules', testFile]);
    if (result.code !== 0) console.log(result.output);
    expect(result.code).toBe(0);
    expect(result.output).toContain('SUCCESS');
  });

  withPromtool('fails promtool test rules when an expectation is wrong (the check can fail)', () => {
    const flipped = ALERT_CASES.filter((c) => c.fires === null).map((c) => ({ ...c, fires: { labels: {}, value: 0 } }));
    const { testFile } = writeRuleTests(flipped.slice(0, 3));
    expect(run(['test', 'rules', testFile]).code).not.toBe(0);
  });

  withPromtool('passes promtool check config with Kubernetes SD replaced by static targets', () => {
    const dir = writeRuleTests([]).dir;
    const file = join(dir, 'prometheus.yml');
    writeFileSync(file, toYaml(checkableConfig(chart.prometheus.config, dir)));
    const result = run(['check', 'config', file]);
    if (result.code !== 0) console.log(result.output);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/SUCCESS/);
  });
});
