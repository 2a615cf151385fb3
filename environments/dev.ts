import type { EnvironmentSettings } from '../lib/environments/environment-settings.js';

/** dev: one replica, small volume, debug logs, the cluster Argo CD runs in. */
export const dev: EnvironmentSettings = {
  appNamespace: 'lms-dev',
  monitoringNamespace: 'monitoring-dev',
  cluster: 'https://kubernetes.default.svc',
  minReplicas: 1,
  storageSize: '2Gi',
  logLevel: 'debug',
};
