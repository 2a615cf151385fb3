import { WATCHDOG_ALERT } from '../alertmanager-config.js';
import type { RuleGroup } from './types.js';
import { validated } from './validate.js';

/** An alert that always fires: when it stops arriving, the path from Prometheus to a person is broken. */
export function watchdogRules(): RuleGroup {
  return validated({
    name: 'watchdog',
    rules: [
      {
        alert: WATCHDOG_ALERT,
        expr: 'vector(1)',
        labels: { severity: 'info' },
        annotations: {
          summary: 'Always firing: proves that alerts flow from Prometheus through Alertmanager.',
          description:
            "This alert fires all the time on purpose. It is routed to the Watchdog receiver (a dead-man's switch, or the null receiver); if it stops, Prometheus or Alertmanager is broken.",
        },
      },
    ],
  });
}
