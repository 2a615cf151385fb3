/**
 * Service level objectives as typed values: what counts as a good event, the share of good events promised
 * over the SLO period, and the multi-window, multi-burn-rate alerts of the SRE workbook that guard it.
 */

/** The period every objective is measured over; the burn-rate factors below assume it. */
export const SLO_PERIOD = '30d';

/** Counters of events; each is summed by the SLO's `by` labels. */
export type EventRatio =
  /** Bad events are counted directly (e.g. requests answered 5xx). */
  | { readonly kind: 'bad'; readonly total: string; readonly bad: string }
  /** Good events are counted directly (e.g. requests faster than a histogram bucket). */
  | { readonly kind: 'good'; readonly total: string; readonly good: string };

export interface ServiceLevelObjective {
  /** The `slo` label of every series and alert of this objective, kebab-case, e.g. `lms-api-availability`. */
  readonly name: string;
  /** The alert raised when the error budget burns too fast, UpperCamelCase; its runbook section has this name. */
  readonly alertName: string;
  /** What a good event is, as a sentence fragment: "API requests answered without a server error". */
  readonly description: string;
  /** The promised share of good events over SLO_PERIOD, strictly between 0 and 1, e.g. 0.995. */
  readonly target: number;
  /** Labels kept on the SLI series and the alerts, e.g. `['namespace', 'app']`. */
  readonly by: readonly string[];
  readonly sli: EventRatio;
}

/** One alerting condition: both windows burn faster than `factor` times the budget-neutral rate. */
export interface BurnRateWindow {
  readonly long: string;
  readonly short: string;
  readonly factor: number;
  readonly severity: 'critical' | 'warning';
  /** How long the condition must hold before the alert fires. */
  readonly for: string;
  /** When the whole 30-day budget would be gone at this rate, for the description. */
  readonly exhaustsIn: string;
}

/**
 * The SRE workbook's pairs for a 30-day period: spending 2 % of the budget in 1 h or 5 % in 6 h pages;
 * 10 % in 1 day or 10 % in 3 days opens a ticket. The short window ends the alert soon after the burn stops.
 */
export const BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { long: '1h', short: '5m', factor: 14.4, severity: 'critical', for: '2m', exhaustsIn: '2 days' },
  { long: '6h', short: '30m', factor: 6, severity: 'critical', for: '15m', exhaustsIn: '5 days' },
  { long: '1d', short: '2h', factor: 3, severity: 'warning', for: '30m', exhaustsIn: '10 days' },
  { long: '3d', short: '6h', factor: 1, severity: 'warning', for: '30m', exhaustsIn: '30 days' },
];

/** Every window a recording rule must exist for. */
export function sloWindows(windows: readonly BurnRateWindow[] = BURN_RATE_WINDOWS): string[] {
  const seconds = (d: string) => Number(d.slice(0, -1)) * { m: 60, h: 3600, d: 86400 }[d.slice(-1) as 'm' | 'h' | 'd'];
  return [...new Set(windows.flatMap((w) => [w.long, w.short]))].sort((a, b) => seconds(a) - seconds(b));
}

/** Checks an objective before rules are generated from it; throws a sentence saying what to change. */
export function validateObjective(slo: ServiceLevelObjective): ServiceLevelObjective {
  if (!(slo.target > 0 && slo.target < 1)) {
    throw new Error(
      `SLO '${slo.name}' has target ${slo.target}; it must be a share strictly between 0 and 1, e.g. 0.995 for 99.5 %.`,
    );
  }
  if (!/^[a-z][a-z0-9-]*$/.test(slo.name)) {
    throw new Error(`SLO name '${slo.name}' must be kebab-case, e.g. 'lms-api-availability'.`);
  }
  if (!/^[A-Z][A-Za-z0-9]+$/.test(slo.alertName)) {
    throw new Error(`SLO '${slo.name}' alert name '${slo.alertName}' must be UpperCamelCase, e.g. 'LmsApiBudgetBurn'.`);
  }
  if (slo.by.length === 0) {
    throw new Error(`SLO '${slo.name}' must keep at least one label in 'by', e.g. ['namespace', 'app'].`);
  }
  return slo;
}
