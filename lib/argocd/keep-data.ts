/**
 * Annotations for objects that hold data (the database StatefulSet and its volume claim template):
 * Argo CD never prunes them when they leave Git (`Prune=false`) and leaves them in place when their
 * Application is deleted with the resources finalizer (`Delete=false`).
 */
export const keepDataAnnotations: Readonly<Record<string, string>> = Object.freeze({
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
});
