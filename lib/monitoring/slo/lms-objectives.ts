import { selector } from '../rules/promql.js';
import type { ApiSeriesSelector } from '../rules/api.js';
import type { ServiceLevelObjective } from './objective.js';

/** Requests faster than this count as good for the latency objective; it must be a bucket of the API histogram. */
export const LATENCY_THRESHOLD_SECONDS = 0.5;

/**
 * The LMS objectives. Availability counts only 5xx answers as bad: a 4xx is the client's mistake and the API
 * answered it correctly. Checkouts count `error` outcomes as bad; `rejected` (no copy, loan limit) is a correct
 * answer too.
 */
export function lmsObjectives(api: ApiSeriesSelector): ServiceLevelObjective[] {
  const where = { job: api.job, namespace: api.namespace, app: api.app };
  const requests = (extra: Record<string, string> = {}) =>
    selector('http_request_duration_seconds_count', { ...where, ...extra });
  const checkouts = (extra: Record<string, string> = {}) =>
    selector('lms_loan_operations_total', { ...where, operation: 'checkout', ...extra });
  const by = ['namespace', 'app'];
  return [
    {
      name: 'lms-api-availability',
      alertName: 'LmsApiAvailabilityBudgetBurn',
      description: 'API requests answered without a server error (5xx)',
      target: 0.995,
      by,
      sli: { kind: 'bad', total: requests(), bad: requests({ status_code: '=~5..' }) },
    },
    {
      name: 'lms-api-latency',
      alertName: 'LmsApiLatencyBudgetBurn',
      description: `API requests answered within ${LATENCY_THRESHOLD_SECONDS * 1000} ms`,
      target: 0.99,
      by,
      sli: {
        kind: 'good',
        total: requests(),
        good: selector('http_request_duration_seconds_bucket', { ...where, le: String(LATENCY_THRESHOLD_SECONDS) }),
      },
    },
    {
      name: 'lms-checkout',
      alertName: 'LmsCheckoutBudgetBurn',
      description: 'Checkouts that succeeded or were refused for a business reason',
      target: 0.99,
      by,
      sli: { kind: 'bad', total: checkouts(), bad: checkouts({ outcome: 'error' }) },
    },
  ];
}
