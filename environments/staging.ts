import type { EnvironmentSettings } from '../lib/environments/environment-settings.js';

/** staging: close to prod, on its own cluster. */
export const staging: EnvironmentSettings = {
  appNamespace: 'lms-staging',
  monitoringNamespace: 'monitoring-staging',
  cluster: 'https://staging.k8s.lms.local',
};
