import type { DashboardDefinition } from './dashboards/panels.js';
import type { ApiLogStream } from './dashboards/logs.js';
import type { PodScrapeTarget } from './prometheus-config.js';
import type { RuleGroup } from './rules/types.js';

/**
 * What a component tells the monitoring stack about itself: how its metrics are scraped, which rules
 * watch them and which dashboards show them. The component's construct and the monitoring chart both
 * read it from the component's own module, so no name is typed twice.
 */
export interface ComponentMonitoring {
  /** Pods scraped by a job of their own. @default - none; the pods are scraped through their `prometheus.io` annotations */
  readonly scrapeTarget?: PodScrapeTarget;
  /** Recording and alerting rules on the component's series. */
  readonly ruleGroups: readonly RuleGroup[];
  /** Dashboards of the component, in the order the Grafana folder lists them. */
  readonly dashboards: readonly DashboardDefinition[];
  /** The Loki stream of the component's request logs, for the Logs dashboard. @default - the component's logs have no dashboard */
  readonly logStream?: ApiLogStream;
}

/** The monitored components of the `lms` chart, as the monitoring chart receives them. */
export interface LmsMonitoring {
  readonly api: ComponentMonitoring;
  readonly database: ComponentMonitoring;
  readonly notices: ComponentMonitoring;
}
