import type { RuleGroup } from './types.js';
import { validated } from './validate.js';

/** Alerts about scraping itself. */
export function scrapeRules(): RuleGroup {
  return validated({
    name: 'scrape',
    rules: [
      {
        alert: 'ScrapeTargetDown',
        expr: 'up == 0',
        for: '5m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'A scrape target is down.',
          description: 'Prometheus has failed to scrape {{ $labels.job }} at {{ $labels.instance }} for 5 minutes.',
        },
      },
    ],
  });
}
