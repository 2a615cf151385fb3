/**
 * Argo CD ordering of the `lms` namespace. Within the Sync phase Argo CD applies resources and
 * hooks wave by wave and waits for each wave to be healthy, so the numbers below are the order in
 * which things come up. Nothing is a PreSync hook: on the first sync PreSync runs before the
 * namespace, service accounts and RBAC exist, so a PreSync Job could not even be created.
 */
export const SyncWave = {
  /** The namespace, service accounts, RBAC and network policies. */
  foundation: -3,
  /** The Secret generator Job and the API's ConfigMap. */
  secretsAndConfig: -2,
  /** PostgreSQL: Argo CD waits until the StatefulSet is ready. */
  database: -1,
  /** The migration Job, after the database accepts connections. */
  migrate: 0,
  /** The API Deployment, its Service, HPA, PDB and Ingress. */
  api: 1,
  /** The seed Job runs PostSync, i.e. after everything above is healthy. */
  seed: 2,
} as const;

/** Argo CD hook phases used here. */
export type HookPhase = 'Sync' | 'PostSync';

/** The annotation that places an object in a sync wave. */
export function syncWave(wave: number): Record<string, string> {
  return { 'argocd.argoproj.io/sync-wave': String(wave) };
}

/**
 * Annotations of a Job run as an Argo CD hook in a wave. `BeforeHookCreation` keeps the last run
 * for inspection and deletes it just before the next sync creates it again.
 */
export function hookAnnotations(phase: HookPhase, wave: number): Record<string, string> {
  return {
    ...syncWave(wave),
    'argocd.argoproj.io/hook': phase,
    'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
  };
}
