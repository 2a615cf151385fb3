import { selector } from './promql.js';
import type { RuleGroup } from './types.js';
import { validated } from './validate.js';

/** Where the API's series live: the job that scrapes it and the labels of its pods. */
export interface ApiSeriesSelector {
  readonly job: string;
  readonly namespace: string;
  readonly app: string;
}

const requests = (s: ApiSeriesSelector, extra: Record<string, string> = {}): string =>
  selector('http_request_duration_seconds_count', { job: s.job, namespace: s.namespace, app: s.app, ...extra });

/** Recording rules the Application dashboard reads, and the API's alerts. */
export function apiRules(s: ApiSeriesSelector): RuleGroup {
  const buckets = selector('http_request_duration_seconds_bucket', { job: s.job, namespace: s.namespace, app: s.app });
  const up = selector('up', { job: s.job, namespace: s.namespace, app: s.app });
  return validated({
    name: 'lms-api',
    rules: [
      {
        record: 'namespace_app:http_requests:rate5m',
        expr: `sum by (namespace, app) (rate(${requests(s)}[5m]))`,
      },
      {
        record: 'namespace_app:http_requests_5xx:ratio_rate5m',
        expr:
          `(sum by (namespace, app) (rate(${requests(s, { status_code: '=~5..' })}[5m])) or ` +
          `sum by (namespace, app) (rate(${requests(s)}[5m])) * 0)\n/ ` +
          `sum by (namespace, app) (rate(${requests(s)}[5m]))`,
      },
      {
        record: 'namespace_app:http_request_duration_seconds:p95_rate5m',
        expr: `histogram_quantile(0.95, sum by (namespace, app, le) (rate(${buckets}[5m])))`,
      },
      {
        alert: 'LmsApiDown',
        expr: `(sum(${up}) or vector(0)) == 0`,
        for: '2m',
        labels: { severity: 'critical' },
        annotations: {
          summary: 'The LMS API has no healthy scrape target.',
          description: `No pod of ${s.app} in namespace ${s.namespace} has answered a scrape for 2 minutes: the API is down or unreachable.`,
        },
      },
      {
        alert: 'LmsApiHighErrorRatio',
        expr: `namespace_app:http_requests_5xx:ratio_rate5m{namespace="${s.namespace}",app="${s.app}"} > 0.05`,
        for: '5m',
        labels: { severity: 'critical' },
        annotations: {
          summary: 'More than 5% of API requests fail with a 5xx status.',
          description:
            '{{ $value | humanizePercentage }} of the requests to {{ $labels.app }} answered 5xx over the last 5 minutes.',
        },
      },
      {
        alert: 'LmsApiHighLatency',
        expr: `namespace_app:http_request_duration_seconds:p95_rate5m{namespace="${s.namespace}",app="${s.app}"} > 0.5`,
        for: '10m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'API p95 latency is above 500 ms.',
          description:
            'The 95th percentile of request duration of {{ $labels.app }} is {{ $value | humanizeDuration }}.',
        },
      },
    ],
  });
}
