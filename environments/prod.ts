import type { EnvironmentSettings } from '../lib/environments/environment-settings.js';

/** prod: the seed's numbers (defaults), the seed's namespaces, off-site backups. */
export const prod: EnvironmentSettings = {
  appNamespace: 'lms',
  monitoringNamespace: 'monitoring',
  cluster: 'https://prod.k8s.lms.local',
  offsiteBackup: true,
};
