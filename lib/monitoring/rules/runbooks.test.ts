import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Chart, Testing } from 'cdk8s';
import GithubSlugger from 'github-slugger';
import { Prometheus } from '../prometheus.js';
import { RUNBOOK_BASE_URL, withRunbooks } from './runbooks.js';
import { isAlertingRule, type AlertingRule, type RuleGroup } from './types.js';
import { synthMonitoring } from '../../../test/monitoring-support.js';

const RUNBOOKS = readFileSync(new URL('../../../docs/runbooks.md', import.meta.url), 'utf8');

/** Each heading's GitHub anchor with the text of its section (up to the next heading of any level). */
function sections(markdown: string): Map<string, string> {
  const slugger = new GithubSlugger();
  const found = new Map<string, string>();
  const parts = markdown.split(/^(#{1,6} .+)$/m);
  for (let i = 1; i < parts.length; i += 2) {
    found.set(slugger.slug(parts[i].replace(/^#+ /, '')), parts[i + 1] ?? '');
  }
  return found;
}

const { chart } = synthMonitoring();
const alerts = Object.values(chart.prometheus.ruleFiles)
  .flatMap((file) => file.groups.flatMap((g) => g.rules))
  .filter(isAlertingRule);
const anchors = sections(RUNBOOKS);

/** The section an alert's runbook_url names, or undefined when the URL does not point into docs/runbooks.md. */
function sectionOf(rule: AlertingRule): string | undefined {
  const [base, anchor] = (rule.annotations.runbook_url ?? '').split('#');
  return base === RUNBOOK_BASE_URL ? anchors.get(anchor) : undefined;
}

const alert = (overrides: Partial<AlertingRule>): RuleGroup => ({
  name: 'g',
  rules: [
    {
      alert: 'SomethingBroke',
      expr: 'up == 0',
      labels: { severity: 'warning' },
      annotations: { summary: 's', description: 'd' },
      ...overrides,
    } as AlertingRule,
  ],
});

describe('runbooks', () => {
  it('gives every alert a severity, a summary, a description and a runbook_url', () => {
    expect(alerts.length).toBeGreaterThan(12);
    for (const rule of alerts) {
      expect({ alert: rule.alert, severity: rule.labels.severity }).toEqual({
        alert: rule.alert,
        severity: expect.stringMatching(/^(critical|warning|info)$/),
      });
      expect(rule.annotations).toMatchObject({
        summary: expect.any(String),
        description: expect.any(String),
        runbook_url: expect.stringMatching(
          /^https:\/\/github\.com\/lms-platform\/lms\/blob\/main\/docs\/runbooks\.md#/,
        ),
      });
    }
  });

  it('points every runbook_url at a section of docs/runbooks.md saying what it means, how to check, how to fix', () => {
    const missing = alerts.filter((rule) => sectionOf(rule) === undefined).map((rule) => rule.annotations.runbook_url);
    expect(missing).toEqual([]);
    for (const rule of alerts) {
      const text = sectionOf(rule) ?? '';
      for (const part of ['**What it means.**', '**How to check.**', '**How to fix.**'])
        expect({ alert: rule.alert, has: text.includes(part) ? part : 'missing' }).toEqual({
          alert: rule.alert,
          has: part,
        });
    }
  });

  it('notices an alert whose section does not exist (the check can fail)', () => {
    const [rule] = withRunbooks(alert({ alert: 'NoSuchRunbookSection' })).rules as AlertingRule[];
    expect(rule.annotations.runbook_url).toBe(`${RUNBOOK_BASE_URL}#nosuchrunbooksection`);
    expect(sectionOf(rule)).toBeUndefined();
  });

  it('keeps a runbook_url that is set, and refuses one without a section', () => {
    const url = `${RUNBOOK_BASE_URL}#lmsapidown`;
    const kept = withRunbooks(alert({ annotations: { summary: 's', description: 'd', runbook_url: url } }));
    expect((kept.rules[0] as AlertingRule).annotations.runbook_url).toBe(url);
    expect(() =>
      withRunbooks(alert({ annotations: { summary: 's', description: 'd', runbook_url: 'http://wiki/page' } })),
    ).toThrow(/it must be an https URL with a #section/);
  });

  it('fails the synth on an alert without a routed severity or a summary, saying what to add', () => {
    const prometheus = (group: RuleGroup) => () =>
      new Prometheus(new Chart(Testing.app(), 'c'), 'p', { ruleGroups: [group] });
    expect(prometheus(alert({ labels: {} as AlertingRule['labels'] }))).toThrow(
      /Alert 'SomethingBroke' in group 'g' needs a 'severity' label of critical, warning, info/,
    );
    expect(prometheus(alert({ labels: { severity: 'page' } as unknown as AlertingRule['labels'] }))).toThrow(
      /got 'page'/,
    );
    expect(prometheus(alert({ annotations: { summary: '', description: 'd' } }))).toThrow(
      /needs a 'summary' annotation/,
    );
    expect(prometheus(alert({}))).not.toThrow();
  });
});
