import { selector } from '../rules/promql.js';
import type { AlertingRule, RecordingRule, RuleGroup } from '../rules/types.js';
import { validated } from '../rules/validate.js';
import {
  BURN_RATE_WINDOWS,
  SLO_PERIOD,
  sloWindows,
  validateObjective,
  type BurnRateWindow,
  type ServiceLevelObjective,
} from './objective.js';

/** `slo:sli_error:ratio_rate1h`: the share of bad events over a window, labelled `slo`. */
export function errorRatioMetric(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** The share of the period's error budget not yet spent (1 = untouched, 0 = spent, below 0 = overspent). */
export const BUDGET_REMAINING_METRIC = 'slo:error_budget:remaining_ratio';

/** A number as PromQL writes it, without floating-point noise (14.4 × 0.005 = 0.072). */
export function promNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function errorRatio(slo: ServiceLevelObjective, window: string): string {
  const sum = (counter: string) => `sum by (${slo.by.join(', ')}) (rate(${counter}[${window}]))`;
  const { sli } = slo;
  if (sli.kind === 'bad') {
    // No bad series at all means no bad events, not an unknown ratio.
    return `(${sum(sli.bad)} or ${sum(sli.total)} * 0)\n/ ${sum(sli.total)}`;
  }
  return `1 - ${sum(sli.good)}\n/ ${sum(sli.total)}`;
}

function burnRateAlert(slo: ServiceLevelObjective, w: BurnRateWindow): AlertingRule {
  const threshold = promNumber(w.factor * (1 - slo.target));
  const ratio = (window: string) => selector(errorRatioMetric(window), { slo: slo.name });
  const budget = `${promNumber((1 - slo.target) * 100)} %`;
  return {
    alert: slo.alertName,
    expr: `${ratio(w.long)} > ${threshold}\nand\n${ratio(w.short)} > ${threshold}`,
    for: w.for,
    labels: { severity: w.severity, slo: slo.name, window: `${w.long}/${w.short}` },
    annotations: {
      summary: `SLO ${slo.name}: the error budget burns ${w.factor}× too fast over ${w.long} and ${w.short}.`,
      description:
        `${slo.description}: more than ${threshold} of events were bad over both the last ${w.long} and ${w.short} ` +
        `(objective ${promNumber(slo.target * 100)} %, budget ${budget} over ${SLO_PERIOD}). ` +
        `At this rate the budget is gone in ${w.exhaustsIn}.`,
    },
  };
}

/**
 * The rule group of one objective: the error ratio over every window of the burn-rate pairs, the remaining
 * budget over the period, and one alert per window pair (the same alert name, told apart by `window`).
 */
export function sloRules(objective: ServiceLevelObjective, windows = BURN_RATE_WINDOWS): RuleGroup {
  const slo = validateObjective(objective);
  const labels = { slo: slo.name };
  const ratios: RecordingRule[] = sloWindows(windows).map((window) => ({
    record: errorRatioMetric(window),
    expr: errorRatio(slo, window),
    labels,
  }));
  const shortest = ratios[0].record;
  const budget: RecordingRule[] = [
    {
      record: errorRatioMetric(SLO_PERIOD),
      // The period's ratio from the shortest one: cheap, and close enough for a budget gauge.
      expr: `avg_over_time(${selector(shortest, labels)}[${SLO_PERIOD}])`,
      labels,
    },
    {
      record: BUDGET_REMAINING_METRIC,
      expr: `1 - ${selector(errorRatioMetric(SLO_PERIOD), labels)} / ${promNumber(1 - slo.target)}`,
      labels,
    },
  ];
  return validated({
    name: `slo-${slo.name}`,
    rules: [...ratios, ...budget, ...windows.map((w) => burnRateAlert(slo, w))],
  });
}
