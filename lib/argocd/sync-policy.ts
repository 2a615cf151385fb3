import { Duration } from 'cdk8s';
import type { ApplicationSpecSyncPolicy } from '../../imports/argocd-argoproj.io.js';

/** How Argo CD retries a failed sync: exponential backoff between attempts. */
export interface SyncRetryProps {
  /** Attempts after the first failure before the sync is reported as failed. @default 5 */
  readonly limit?: number;
  /** Wait before the first retry. @default Duration.seconds(10) */
  readonly initialBackoff?: Duration;
  /** Multiplier applied to the wait after each failed retry. @default 2 */
  readonly factor?: number;
  /** Upper bound of one wait. @default Duration.minutes(3) */
  readonly maxBackoff?: Duration;
}

/** The defaults of {@link SyncRetryProps}: 10 s, 20 s, 40 s, 80 s, 160 s. */
export const defaultSyncRetry = {
  limit: 5,
  initialBackoff: Duration.seconds(10),
  factor: 2,
  maxBackoff: Duration.minutes(3),
} as const satisfies Required<SyncRetryProps>;

/**
 * Options every Application here syncs with:
 * - ServerSideApply: large objects (dashboards in ConfigMaps) exceed the client-side annotation limit,
 *   and field ownership lets the HPA own `replicas` without a diff.
 * - PruneLast: objects removed from Git go only after everything else is applied and healthy.
 * - FailOnSharedResource: two Applications claiming one object is a mistake to stop at, not to flap on.
 * - PrunePropagationPolicy=foreground: a pruned owner waits for its dependents to go.
 */
export const syncOptions = [
  'ServerSideApply=true',
  'PruneLast=true',
  'FailOnSharedResource=true',
  'PrunePropagationPolicy=foreground',
] as const;

function seconds(duration: Duration): string {
  return `${duration.toSeconds()}s`;
}

/**
 * The automated sync policy: prune what left Git, revert drift in the cluster (self-heal), refuse to
 * sync an empty source (a broken synth must not delete everything), retry with backoff.
 */
export function automatedSyncPolicy(retry: SyncRetryProps = {}): ApplicationSpecSyncPolicy {
  const limit = retry.limit ?? defaultSyncRetry.limit;
  const factor = retry.factor ?? defaultSyncRetry.factor;
  const initialBackoff = retry.initialBackoff ?? defaultSyncRetry.initialBackoff;
  const maxBackoff = retry.maxBackoff ?? defaultSyncRetry.maxBackoff;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`The sync retry 'limit' must be a whole number of at least 1, got ${limit}.`);
  }
  if (!Number.isInteger(factor) || factor < 1) {
    throw new Error(
      `The sync retry 'factor' must be a whole number of at least 1 so waits never shrink, got ${factor}.`,
    );
  }
  if (initialBackoff.toMilliseconds() < 1000 || initialBackoff.toMilliseconds() % 1000 !== 0) {
    throw new Error(`The sync retry 'initialBackoff' must be whole seconds, at least 1s.`);
  }
  if (maxBackoff.toMilliseconds() < initialBackoff.toMilliseconds() || maxBackoff.toMilliseconds() % 1000 !== 0) {
    throw new Error(`The sync retry 'maxBackoff' must be whole seconds and at least 'initialBackoff'.`);
  }
  return {
    automated: { prune: true, selfHeal: true, allowEmpty: false },
    syncOptions: [...syncOptions],
    retry: {
      limit,
      backoff: { duration: seconds(initialBackoff), factor, maxDuration: seconds(maxBackoff) },
    },
  };
}
