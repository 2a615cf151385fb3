import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ObjectStore,
  ObjectStoreSpecConfigurationDataCompression,
  ObjectStoreSpecConfigurationWalCompression,
} from '../../imports/barman-barmancloud.cnpg.io.js';
import {
  Cluster,
  ClusterSpecResourcesLimits,
  ClusterSpecResourcesRequests,
  ClusterSpecPostgresqlSynchronousDataDurability,
  ClusterSpecPostgresqlSynchronousMethod,
  type ClusterSpecBootstrap,
} from '../../imports/cnpg-postgresql.cnpg.io.js';
import {
  ScheduledBackup,
  ScheduledBackupSpecBackupOwnerReference,
  ScheduledBackupSpecMethod,
  ScheduledBackupSpecTarget,
} from '../../imports/cnpg-scheduledbackup-postgresql.cnpg.io.js';
import { keepDataAnnotations } from '../argocd/keep-data.js';
import type { ContainerResources } from '../config/config.js';
import type { ObjectStoreTarget } from '../config/database-config.js';
import { componentLabels } from '../platform/labels.js';
import { SyncWave, syncWave } from '../platform/sync-order.js';
import type { ComponentMonitoring } from '../monitoring/component-monitoring.js';
import { postgresMonitoring } from './postgres-monitoring.js';
import { exporterPort, postgresPort } from './postgres.js';

/** Props of {@link CnpgPostgres}. */
export interface CnpgPostgresProps {
  /** Name of the Cluster; CloudNativePG adds the Services `<name>-rw`, `-ro` and `-r`. @default 'postgres' */
  readonly name?: string;
  /** A CloudNativePG PostgreSQL 16 operand image pinned to a minor version. */
  readonly imageName: string;
  /** `app.kubernetes.io/version`, normally the image tag. */
  readonly version: string;
  /** @default 3 */
  readonly instances?: number;
  /** Secret with `username` and `password` of the database owner. */
  readonly credentialsSecretName: string;
  /** @default 'lms' */
  readonly database?: string;
  /** @default 'lms' */
  readonly owner?: string;
  /** Size of each instance's volume. @default '10Gi' */
  readonly storageSize?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /** @default { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' } */
  readonly resources?: ContainerResources;
  /** Where WAL and base backups go, through the Barman Cloud plugin. */
  readonly objectStore: ObjectStoreTarget;
  /** Six-field cron (seconds first) of the base backups. @default '0 0 2 * * *' */
  readonly backupSchedule?: string;
  /** Recovery window kept in the object store, in days. @default 7 */
  readonly retentionDays?: number;
  /** Upper bound on the WAL not yet archived (the RPO). @default 300 */
  readonly archiveTimeoutSeconds?: number;
  /**
   * Bootstrap from the object store instead of initdb: `latest` or a UTC time. The new cluster
   * archives under its own server name, so the origin's backups stay untouched.
   * @default - a new, empty database
   */
  readonly recoverTo?: string;
  /** Label sets of the pods allowed to connect on 5432. */
  readonly clients: ReadonlyArray<Readonly<Record<string, string>>>;
  /** Namespace allowed to scrape the instances on 9187. @default 'monitoring' */
  readonly monitoringNamespace?: string;
  /** Namespace of the operator, which calls each instance's status port. @default 'cnpg-system' */
  readonly operatorNamespace?: string;
}

/** The name the Barman Cloud plugin registers with the operator. */
export const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';
/** Port of the instance manager's status endpoint, which the operator polls. */
const statusPort = 8000;

const defaults = {
  name: 'postgres',
  instances: 3,
  database: 'lms',
  owner: 'lms',
  storageSize: '10Gi',
  resources: { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' },
  backupSchedule: '0 0 2 * * *',
  retentionDays: 7,
  archiveTimeoutSeconds: 300,
  monitoringNamespace: 'monitoring',
  operatorNamespace: 'cnpg-system',
} as const;

const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * PostgreSQL 16 on CloudNativePG: a Cluster of `instances` pods on different nodes, each commit
 * confirmed by at least one synchronous standby before it is acknowledged, WAL and base backups in
 * object storage through the Barman Cloud plugin, a nightly ScheduledBackup and a recovery switch.
 */
export class CnpgPostgres extends Construct {
  /** The read-write Service: always the primary. */
  public readonly readWriteHost: string;
  /** The read-only Service: the standbys. */
  public readonly readOnlyHost: string;
  /** How the monitoring stack scrapes, alerts on and shows this database (the same as the StatefulSet's). */
  public readonly monitoring: ComponentMonitoring;

  constructor(scope: Construct, id: string, props: CnpgPostgresProps) {
    super(scope, id);
    const p = { ...defaults, ...props };
    if (!/^ghcr\.io\/cloudnative-pg\/postgresql:16\.\d+(-[a-z0-9-]+)?$/.test(p.imageName)) {
      throw new Error(
        `The CloudNativePG image "${p.imageName}" must be pinned like ghcr.io/cloudnative-pg/postgresql:16.15.`,
      );
    }
    if (!Number.isInteger(p.instances) || p.instances < 2) {
      throw new Error(`'instances' is ${p.instances}; synchronous replication needs a primary and at least 1 standby.`);
    }
    if (p.backupSchedule.trim().split(/\s+/).length !== 6) {
      throw new Error(
        `'backupSchedule' "${p.backupSchedule}" must have six fields, seconds first, like '0 0 2 * * *'.`,
      );
    }
    if (!Number.isInteger(p.retentionDays) || p.retentionDays < 1) {
      throw new Error(`'retentionDays' is ${p.retentionDays}; keep backups for at least 1 whole day.`);
    }
    if (p.recoverTo !== undefined && p.recoverTo !== 'latest' && !UTC_TIME.test(p.recoverTo)) {
      throw new Error(`'recoverTo' is '${p.recoverTo}'; use 'latest' or a UTC time like 2026-01-31T13:45:00Z.`);
    }
    if (p.clients.length === 0) {
      throw new Error(
        `'clients' is empty: nothing could reach ${p.name}-rw:${postgresPort}; pass the API's pod labels.`,
      );
    }

    const namespace = Chart.of(this).namespace;
    if (namespace === undefined) {
      throw new Error(
        `CnpgPostgres '${p.name}' needs a chart with a namespace, so its monitoring knows where to look.`,
      );
    }
    this.monitoring = postgresMonitoring({ namespace, name: p.name });
    this.readWriteHost = `${p.name}-rw`;
    this.readOnlyHost = `${p.name}-ro`;
    const labels = componentLabels({ name: p.name, component: 'database', version: p.version });
    const metadata = (name: string, wave: number = SyncWave.database) => ({
      name,
      labels,
      annotations: syncWave(wave),
    });
    const objectStoreName = `${p.name}-backup`;
    const origin = 'origin';
    const bootstrap: ClusterSpecBootstrap =
      p.recoverTo === undefined
        ? { initdb: { database: p.database, owner: p.owner, secret: { name: p.credentialsSecretName } } }
        : {
            recovery: {
              source: origin,
              database: p.database,
              owner: p.owner,
              secret: { name: p.credentialsSecretName },
              ...(p.recoverTo === 'latest' ? {} : { recoveryTarget: { targetTime: p.recoverTo } }),
            },
          };

    const store = new ObjectStore(this, 'object-store', {
      metadata: metadata(objectStoreName, SyncWave.secretsAndConfig),
      spec: {
        retentionPolicy: `${p.retentionDays}d`,
        configuration: {
          destinationPath: `s3://${p.objectStore.bucket}/`,
          endpointUrl: p.objectStore.endpoint,
          s3Credentials: {
            accessKeyId: { name: p.objectStore.credentialsSecretName, key: 'ACCESS_KEY_ID' },
            secretAccessKey: { name: p.objectStore.credentialsSecretName, key: 'ACCESS_SECRET_KEY' },
          },
          wal: { compression: ObjectStoreSpecConfigurationWalCompression.GZIP },
          data: { compression: ObjectStoreSpecConfigurationDataCompression.GZIP },
        },
      },
    });

    // Argo CD never prunes nor deletes the database (see lib/argocd/keep-data.ts).
    new Cluster(this, 'cluster', {
      metadata: { ...metadata(p.name), annotations: { ...syncWave(SyncWave.database), ...keepDataAnnotations } },
      spec: {
        instances: p.instances,
        imageName: p.imageName,
        // The pods carry the StatefulSet mode's name label, so scraping and dashboards find them unchanged.
        inheritedMetadata: { labels: { 'app.kubernetes.io/name': p.name, 'app.kubernetes.io/part-of': 'lms' } },
        postgresql: {
          parameters: { archive_timeout: `${p.archiveTimeoutSeconds}s` },
          synchronous: {
            method: ClusterSpecPostgresqlSynchronousMethod.ANY,
            number: 1,
            // No commit is acknowledged before a standby has it; writes wait rather than risk loss.
            dataDurability: ClusterSpecPostgresqlSynchronousDataDurability.REQUIRED,
          },
        },
        bootstrap,
        externalClusters:
          p.recoverTo === undefined
            ? undefined
            : [
                {
                  name: origin,
                  plugin: { name: BARMAN_PLUGIN, parameters: { barmanObjectName: store.name, serverName: p.name } },
                },
              ],
        plugins: [
          {
            name: BARMAN_PLUGIN,
            isWalArchiver: true,
            parameters: {
              barmanObjectName: store.name,
              ...(p.recoverTo === undefined ? {} : { serverName: `${p.name}-restored` }),
            },
          },
        ],
        storage: { size: p.storageSize, storageClass: p.storageClass },
        resources: {
          requests: {
            cpu: ClusterSpecResourcesRequests.fromString(p.resources.cpuRequest),
            memory: ClusterSpecResourcesRequests.fromString(p.resources.memoryRequest),
          },
          limits: { memory: ClusterSpecResourcesLimits.fromString(p.resources.memoryLimit) },
        },
        affinity: {
          enablePodAntiAffinity: true,
          podAntiAffinityType: 'required',
          topologyKey: 'kubernetes.io/hostname',
        },
        monitoring: { enablePodMonitor: false },
      },
    });

    new ScheduledBackup(this, 'scheduled-backup', {
      metadata: metadata(`${p.name}-nightly`),
      spec: {
        cluster: { name: p.name },
        schedule: p.backupSchedule,
        // The first backup at creation, so a new cluster is recoverable (and LmsBackupTooOld quiet) at once.
        immediate: true,
        method: ScheduledBackupSpecMethod.PLUGIN,
        pluginConfiguration: { name: BARMAN_PLUGIN },
        target: ScheduledBackupSpecTarget.PREFER_HYPHEN_STANDBY,
        backupOwnerReference: ScheduledBackupSpecBackupOwnerReference.SELF,
      },
    });

    const instances = { 'cnpg.io/cluster': p.name };
    const fromNamespace = (name: string) => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
    });
    const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: metadata(p.name, SyncWave.foundation),
      spec: {
        podSelector: { matchLabels: instances },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              ...p.clients.map((client) => ({ podSelector: { matchLabels: { ...client } } })),
              { podSelector: { matchLabels: instances } },
            ],
            ports: [tcp(postgresPort)],
          },
          { from: [fromNamespace(p.operatorNamespace)], ports: [tcp(statusPort), tcp(postgresPort)] },
          { from: [fromNamespace(p.monitoringNamespace)], ports: [tcp(exporterPort)] },
        ],
      },
    });
  }
}
