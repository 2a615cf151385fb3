import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { selector } from '../rules/promql.js';
import { BURN_RATE_WINDOWS, SLO_PERIOD, sloWindows, type ServiceLevelObjective } from '../slo/objective.js';
import { BUDGET_REMAINING_METRIC, errorRatioMetric, promNumber } from '../slo/rules.js';
import {
  DATASOURCES,
  finish,
  lmsDashboard,
  promQueries,
  promQuery,
  timeSeries,
  type DashboardDefinition,
} from './panels.js';

function stat(title: string, description: string, unit: string, expr: string, legend: string): StatBuilder {
  return new StatBuilder()
    .title(title)
    .description(description)
    .unit(unit)
    .datasource(DATASOURCES.prometheus)
    .withTarget(promQuery(expr, legend))
    .span(6)
    .height(5);
}

/** The SLO dashboard: per objective, the budget left over the period, the SLI, and the burn rate per window. */
export function sloDashboard(objectives: readonly ServiceLevelObjective[]): DashboardDefinition {
  const builder = lmsDashboard(
    'lms-slo',
    'LMS / SLOs',
    `Service level objectives over ${SLO_PERIOD}: error budget left and how fast it burns.`,
  ).time({ from: 'now-7d', to: 'now' });
  for (const slo of objectives) {
    const labels = { slo: slo.name };
    const budget = promNumber(1 - slo.target);
    const ratio = (window: string) => selector(errorRatioMetric(window), labels);
    builder
      .withRow(new RowBuilder(`${slo.name}: ${slo.description} (objective ${promNumber(slo.target * 100)} %)`))
      .withPanel(
        stat(
          'Error budget remaining',
          `Share of the ${SLO_PERIOD} error budget (${budget} of events) not yet spent; below 0 the objective is missed.`,
          'percentunit',
          selector(BUDGET_REMAINING_METRIC, labels),
          'remaining',
        ),
      )
      .withPanel(
        stat(
          `SLI over ${SLO_PERIOD}`,
          `Share of good events over ${SLO_PERIOD}; the objective is ${promNumber(slo.target * 100)} %.`,
          'percentunit',
          `1 - ${ratio(SLO_PERIOD)}`,
          'good',
        ),
      )
      .withPanel(
        timeSeries({
          title: 'Burn rate per window',
          description:
            'Error ratio divided by the budget-neutral ratio: 1 spends the budget exactly over the period. ' +
            `Pages above ${BURN_RATE_WINDOWS.filter((w) => w.severity === 'critical')
              .map((w) => `${w.factor}× (${w.long}/${w.short})`)
              .join(' and ')}.`,
          unit: 'short',
          targets: promQueries(...sloWindows().map((w) => [`${ratio(w)} / ${budget}`, w] as const)),
        }),
      );
  }
  return finish(builder, 'lms-slo');
}
