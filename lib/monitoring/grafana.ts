import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { httpService, singleReplicaDeployment } from './objects.js';
import { toYaml } from './yaml.js';
import { imageName, type ContainerResources } from '../config/config.js';
import { RANDOM, SECRET_GENERATOR_IMAGE, SecretGenerator } from '../platform/secret-generator.js';
import { restrictedKubeContext } from '../platform/security.js';
import type { DashboardDefinition } from './dashboards/panels.js';
import {
  dashboardProvidersFile,
  datasourcesFile,
  type DashboardProvidersFile,
  type DatasourcesFile,
} from './grafana-provisioning.js';
import { imageTag, monitoringLabels } from './labels.js';
import { checksum, scrapeAnnotations, containerResources, httpProbe, podSecurityContext } from './workload.js';

export interface GrafanaProps {
  /** @default 'monitoring' */
  readonly namespace?: string;
  /** @default 'grafana/grafana:12.4.4' */
  readonly image?: string;
  /** Prometheus base URL, provisioned as the datasource with uid `prometheus`. */
  readonly prometheusUrl: string;
  /** Loki base URL, provisioned as the datasource with uid `loki`. */
  readonly lokiUrl: string;
  /** Dashboards provisioned into the folder, one ConfigMap each. @default [] */
  readonly dashboards?: readonly DashboardDefinition[];
  /** @default 'LMS' */
  readonly folder?: string;
  /** The Secret with the admin credentials, generated in the cluster by a Job. @default 'grafana-admin' */
  readonly adminSecretName?: string;
  /** An image with bash and kubectl for the Job that generates the admin Secret. @default SECRET_GENERATOR_IMAGE */
  readonly secretGeneratorImage?: string;
  /** @default 100m/192Mi requested, 500m/512Mi limit */
  readonly resources?: ContainerResources;
}

export const GRAFANA_DEFAULTS = {
  namespace: 'monitoring',
  // 12.1 gets no more security releases (the 2026-05 round covers 11.6, 12.2, 12.3, 12.4, 13.0); 12.4.4 is the
  // newest patch of the last 12.x line seen (grafana/grafana#124882, 2026-05-14, "Version: 12.4.4").
  image: 'grafana/grafana:12.4.4',
  folder: 'LMS',
  dashboards: [],
  adminSecretName: 'grafana-admin',
  secretGeneratorImage: imageName(SECRET_GENERATOR_IMAGE),
  resources: { cpuRequest: '100m', memoryRequest: '192Mi', cpuLimit: '500m', memoryLimit: '512Mi' },
} as const;

/** The datasource uids dashboards may name. */
export const PROVISIONED_DATASOURCE_UIDS = ['prometheus', 'loki'] as const;

const NAME = 'grafana';
const ADMIN_USER_KEY = 'admin-user';
const ADMIN_PASSWORD_KEY = 'admin-password';
const PORT = 3000;
const UID = 472;
const DASHBOARD_DIR = '/var/lib/grafana-dashboards';

/** Grafana with provisioned datasources and file-provisioned dashboards; the admin password never leaves the cluster. */
export class Grafana extends Construct {
  readonly selectorLabels: Record<string, string>;
  readonly port = PORT;
  readonly datasources: DatasourcesFile;
  readonly dashboardProviders: DashboardProvidersFile;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    const p = { ...GRAFANA_DEFAULTS, ...props };
    const { dashboards } = p;
    const uids = new Set<string>();
    for (const dashboard of dashboards) {
      if (uids.has(dashboard.uid))
        throw new Error(`Two dashboards share the uid '${dashboard.uid}'; uids must be unique.`);
      uids.add(dashboard.uid);
    }
    const { labels, selector } = monitoringLabels(NAME, 'dashboards', p.image);
    this.selectorLabels = selector;
    const metadata = { name: NAME, namespace: p.namespace, labels };

    // The password is drawn inside the cluster by a Job (Argo CD Sync hook, before Grafana's wave); never in Git.
    new SecretGenerator(this, 'admin-secret', {
      name: `${p.adminSecretName}-generator`,
      image: p.secretGeneratorImage,
      version: imageTag(p.secretGeneratorImage),
      secrets: [{ name: p.adminSecretName, data: { [ADMIN_USER_KEY]: 'admin', [ADMIN_PASSWORD_KEY]: RANDOM } }],
      resources: { cpuRequest: '20m', memoryRequest: '64Mi', cpuLimit: '200m', memoryLimit: '128Mi' },
    });

    this.datasources = datasourcesFile({ prometheusUrl: p.prometheusUrl, lokiUrl: p.lokiUrl });
    this.dashboardProviders = dashboardProvidersFile(p.folder, DASHBOARD_DIR);
    const provisioning = {
      'datasources.yaml': toYaml(this.datasources),
      'dashboards.yaml': toYaml(this.dashboardProviders),
    };
    new k8s.KubeConfigMap(this, 'provisioning', {
      metadata: { ...metadata, name: `${NAME}-provisioning` },
      data: provisioning,
    });
    const dashboardMaps = dashboards.map((dashboard) => {
      const mapName = `${NAME}-dashboard-${dashboard.uid}`;
      const data = { [dashboard.fileName]: JSON.stringify(dashboard.json, null, 2) };
      new k8s.KubeConfigMap(this, `dashboard-${dashboard.uid}`, { metadata: { ...metadata, name: mapName }, data });
      return { name: mapName, data };
    });

    const env: k8s.EnvVar[] = [
      {
        name: 'GF_SECURITY_ADMIN_USER',
        valueFrom: { secretKeyRef: { name: p.adminSecretName, key: ADMIN_USER_KEY } },
      },
      {
        name: 'GF_SECURITY_ADMIN_PASSWORD',
        valueFrom: { secretKeyRef: { name: p.adminSecretName, key: ADMIN_PASSWORD_KEY } },
      },
      ...Object.entries({
        GF_AUTH_ANONYMOUS_ENABLED: 'false',
        GF_AUTH_DISABLE_LOGIN_FORM: 'false',
        GF_USERS_ALLOW_SIGN_UP: 'false',
        GF_ANALYTICS_REPORTING_ENABLED: 'false',
        GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
        GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: 'false',
        GF_LOG_MODE: 'console',
        GF_PATHS_PROVISIONING: '/etc/grafana/provisioning',
        GF_PATHS_DATA: '/var/lib/grafana',
      }).map(([name, value]) => ({ name, value })),
    ];

    new k8s.KubeServiceAccount(this, 'service-account', { metadata, automountServiceAccountToken: false });
    singleReplicaDeployment(this, metadata, {
      selector,
      // The SQLite database lives on an emptyDir: one pod at a time.
      recreate: true,
      podAnnotations: { 'checksum/config': checksum(provisioning, dashboardMaps), ...scrapeAnnotations(PORT) },
      pod: {
        automountServiceAccountToken: false,
        securityContext: podSecurityContext(UID),
        containers: [
          {
            name: NAME,
            image: p.image,
            env,
            ports: [{ name: 'http', containerPort: PORT }],
            readinessProbe: httpProbe('/api/health', 'http'),
            livenessProbe: {
              ...httpProbe('/api/health', 'http', 30),
              initialDelaySeconds: 60,
              failureThreshold: 5,
            },
            resources: containerResources(NAME, p.resources),
            securityContext: restrictedKubeContext({ user: UID, group: UID }),
            volumeMounts: [
              { name: 'datasources', mountPath: '/etc/grafana/provisioning/datasources', readOnly: true },
              { name: 'dashboard-providers', mountPath: '/etc/grafana/provisioning/dashboards', readOnly: true },
              { name: 'dashboards', mountPath: DASHBOARD_DIR, readOnly: true },
              { name: 'data', mountPath: '/var/lib/grafana' },
              { name: 'tmp', mountPath: '/tmp' },
            ],
          },
        ],
        volumes: [
          {
            name: 'datasources',
            configMap: {
              name: `${NAME}-provisioning`,
              items: [{ key: 'datasources.yaml', path: 'datasources.yaml' }],
            },
          },
          {
            name: 'dashboard-providers',
            configMap: {
              name: `${NAME}-provisioning`,
              items: [{ key: 'dashboards.yaml', path: 'dashboards.yaml' }],
            },
          },
          {
            name: 'dashboards',
            projected: { sources: dashboardMaps.map((map) => ({ configMap: { name: map.name } })) },
          },
          { name: 'data', emptyDir: {} },
          { name: 'tmp', emptyDir: {} },
        ],
      },
    });
    httpService(this, metadata, selector, PORT);
  }
}
