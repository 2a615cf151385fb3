import { k8s } from 'cdk8s-plus-28';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { keepDataAnnotations } from '../argocd/keep-data.js';
import type { ContainerResources } from '../config/config.js';
import type { ComponentMonitoring } from '../monitoring/component-monitoring.js';
import { componentLabels, selectorLabels } from '../platform/labels.js';
import { kubeResources, quantityToMiB, validateResources } from '../platform/resources.js';
import { restrictedKubeContext } from '../platform/security.js';
import type { RunAs } from '../platform/security.js';
import { SyncWave, syncWave } from '../platform/sync-order.js';
import { EXPORTER_PORT_NAME, POSTGRES_NAME, postgresMonitoring } from './postgres-monitoring.js';

/** Props of {@link Postgres}. */
export interface PostgresProps {
  /** Name of the StatefulSet, its headless Service and `app.kubernetes.io/name`. @default POSTGRES_NAME ('postgres') */
  readonly name?: string;
  /** Full image reference; must be a PostgreSQL 16 alpine image pinned to a minor version. */
  readonly image: string;
  /** `app.kubernetes.io/version`, normally the image tag. */
  readonly version: string;
  /** Full postgres-exporter image reference. */
  readonly exporterImage: string;
  /** Secret with the keys `username` and `password` of the database owner. */
  readonly credentialsSecretName: string;
  /** Database created on first start. @default 'lms' */
  readonly database?: string;
  /** Size of the data volume claim. @default '10Gi' */
  readonly storageSize?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
  /** @default { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' } */
  readonly resources?: ContainerResources;
  /** @default { cpuRequest: '20m', memoryRequest: '48Mi', memoryLimit: '128Mi' } */
  readonly exporterResources?: ContainerResources;
  /** Memory-backed /dev/shm (counts against the memory limit). @default '256Mi' */
  readonly sharedMemorySize?: string;
  /** Label sets of the pods allowed to connect on 5432 (the API and the Jobs). */
  readonly clients: ReadonlyArray<Readonly<Record<string, string>>>;
  /** Namespace allowed to scrape the exporter on 9187. @default 'monitoring' */
  readonly monitoringNamespace?: string;
  /** Continuous WAL archiving into a backup volume (see postgres-backup.ts). @default - no archiving */
  readonly walArchive?: PostgresWalArchive;
  /** Render the StatefulSet with no pod, while a restore Job owns the data volume. @default false */
  readonly stopped?: boolean;
}

/** WAL archiving of {@link Postgres}: server settings and the volume the archive lives on. */
export interface PostgresWalArchive {
  /** `-c` settings of the server, e.g. from `walArchiveSettings()`. */
  readonly settings: Readonly<Record<string, string>>;
  /** Claim of the backup volume. */
  readonly claimName: string;
  /** Where the claim is mounted; the settings name directories below it. */
  readonly mountPath: string;
  /** Directories created below `mountPath` before the server starts. */
  readonly directories: readonly string[];
}

/** Port of PostgreSQL. */
export const postgresPort = 5432;
/** Port of the postgres-exporter sidecar. */
export const exporterPort = 9187;
/** The `postgres` user of the alpine images (uid and gid 70). */
export const postgresUser: RunAs = { user: 70, group: 70 };

/**
 * The pod security context of every pod that runs as PostgreSQL's user. `ownsVolumes` (the default) also
 * makes the volumes group-owned by it, for pods that write the data or backup volume.
 */
export function postgresPodSecurityContext(options: { readonly ownsVolumes?: boolean } = {}): k8s.PodSecurityContext {
  const ownsVolumes = options.ownsVolumes ?? true;
  return {
    runAsNonRoot: true,
    runAsUser: postgresUser.user,
    runAsGroup: postgresUser.group,
    ...(ownsVolumes ? { fsGroup: postgresUser.group, fsGroupChangePolicy: 'OnRootMismatch' } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Schedules a pod on the database pod's node: the ReadWriteOnce backup volume is mounted there. */
export function onTheDatabaseNode(databaseSelector: Readonly<Record<string, string>>): k8s.Affinity {
  return {
    podAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { ...databaseSelector } }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  };
}
/** The `nobody` user the exporter runs as. */
export const exporterUser: RunAs = { user: 65534, group: 65534 };
/** Where the claim is mounted; PGDATA is a subdirectory so a `lost+found` at the root is harmless. */
export const dataMountPath = '/var/lib/postgresql/data';
export const pgdata = `${dataMountPath}/pgdata`;
const hbaMountPath = '/etc/postgresql/hba';

export const POSTGRES_DEFAULTS = {
  name: POSTGRES_NAME,
  database: 'lms',
  storageSize: '10Gi',
  resources: { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' },
  exporterResources: { cpuRequest: '20m', memoryRequest: '48Mi', memoryLimit: '128Mi' },
  sharedMemorySize: '256Mi',
  monitoringNamespace: 'monitoring',
  terminationGracePeriodSeconds: 120,
  initResources: { cpuRequest: '10m', memoryRequest: '16Mi', memoryLimit: '32Mi' },
} as const;

/**
 * PostgreSQL 16 as a one-replica StatefulSet: at most one pod ever owns the volume, and the claim
 * outlives the StatefulSet. A postgres-exporter sidecar publishes metrics including
 * pg_stat_statements. Also renders the headless Service, the init script and the NetworkPolicy.
 */
export class Postgres extends Construct {
  /** Name of the StatefulSet and of the headless Service (the host name clients use). */
  public readonly serviceName: string;
  /** Labels that select the database pod. */
  public readonly selector: Readonly<Record<string, string>>;
  /** How the monitoring stack scrapes, alerts on and shows this database. */
  public readonly monitoring: ComponentMonitoring;

  /** The selector labels of the database pods of a Postgres named `name`, for objects created before it. */
  static selectorOf(name: string, version = ''): Readonly<Record<string, string>> {
    return selectorLabels({ name, component: 'database', version });
  }

  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id);
    const p = { ...POSTGRES_DEFAULTS, ...props };
    const { name, database, resources, exporterResources, sharedMemorySize, monitoringNamespace } = p;

    if (!/^postgres:16\.\d+-alpine[0-9.]*$/.test(props.image)) {
      throw new Error(`The PostgreSQL image "${props.image}" must be pinned like postgres:16.10-alpine.`);
    }
    if (!/^[^:]+:v?\d+\.\d+\.\d+$/.test(props.exporterImage)) {
      throw new Error(`The exporter image "${props.exporterImage}" must be pinned to a version like v0.17.1.`);
    }
    if (props.clients.length === 0) {
      throw new Error(`'clients' is empty: nothing could reach ${name}:${postgresPort}; pass the API's pod labels.`);
    }
    validateResources(name, resources);
    validateResources(`${name}-exporter`, exporterResources);
    if (quantityToMiB(sharedMemorySize) >= quantityToMiB(resources.memoryLimit)) {
      throw new Error(`/dev/shm (${sharedMemorySize}) must be smaller than the memory limit ${resources.memoryLimit}.`);
    }

    const namespace = Chart.of(this).namespace;
    if (namespace === undefined) {
      throw new Error(`Postgres '${name}' needs a chart with a namespace, so its monitoring knows where to look.`);
    }
    this.monitoring = postgresMonitoring({ namespace, name });

    const identity = { name, component: 'database', version: props.version };
    const labels = componentLabels(identity);
    this.selector = Postgres.selectorOf(name);
    this.serviceName = name;
    const metadata = (objectName: string) => ({
      name: objectName,
      labels,
      annotations: syncWave(SyncWave.database),
    });
    const secretKey = (key: string): k8s.EnvVarSource => ({
      secretKeyRef: { name: props.credentialsSecretName, key },
    });

    // Runs once, when initdb creates the cluster, in the database named by POSTGRES_DB.
    const initScripts = new k8s.KubeConfigMap(this, 'init', {
      metadata: metadata(`${name}-init`),
      data: { '10-pg-stat-statements.sql': 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements;\n' },
    });

    // The image's own pg_hba.conf admits no replication connection from the network, which
    // pg_basebackup needs; this one adds it, password-checked like every other remote login.
    const hba = props.walArchive
      ? new k8s.KubeConfigMap(this, 'hba', {
          metadata: metadata(`${name}-hba`),
          data: {
            'pg_hba.conf': [
              'local all all trust',
              'host all all 127.0.0.1/32 trust',
              'host all all ::1/128 trust',
              'host all all all scram-sha-256',
              'host replication all all scram-sha-256',
              '',
            ].join('\n'),
          },
        })
      : undefined;
    const archiveArgs = props.walArchive
      ? [
          ...Object.entries(props.walArchive.settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
          '-c',
          `hba_file=${hbaMountPath}/pg_hba.conf`,
        ]
      : [];

    // pg_isready needs no password; the environment names the role and database so the server
    // does not log failed connection attempts for a missing role.
    const pgIsReady = [
      'sh',
      '-c',
      `exec pg_isready -h 127.0.0.1 -p ${postgresPort} -U "$POSTGRES_USER" -d "$POSTGRES_DB"`,
    ];

    // Argo CD never prunes nor deletes the database (see lib/argocd/keep-data.ts).
    new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: { ...metadata(name), annotations: { ...syncWave(SyncWave.database), ...keepDataAnnotations } },
      spec: {
        serviceName: name,
        replicas: props.stopped ? 0 : 1,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: { ...this.selector } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        template: {
          metadata: {
            labels,
            annotations: {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': String(exporterPort),
              'prometheus.io/path': '/metrics',
            },
          },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
            securityContext: postgresPodSecurityContext(),
            initContainers: props.walArchive
              ? [
                  {
                    name: 'archive-directories',
                    image: props.image,
                    imagePullPolicy: 'IfNotPresent',
                    command: [
                      'mkdir',
                      '-p',
                      ...props.walArchive.directories.map((dir) => `${props.walArchive!.mountPath}/${dir}`),
                    ],
                    resources: kubeResources(POSTGRES_DEFAULTS.initResources),
                    securityContext: restrictedKubeContext(postgresUser),
                    volumeMounts: [{ name: 'backup', mountPath: props.walArchive.mountPath }],
                  },
                ]
              : undefined,
            containers: [
              {
                name: 'postgres',
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                args: ['-c', 'shared_preload_libraries=pg_stat_statements', ...archiveArgs],
                ports: [{ name: 'postgres', containerPort: postgresPort, protocol: 'TCP' }],
                env: [
                  { name: 'POSTGRES_USER', valueFrom: secretKey('username') },
                  { name: 'POSTGRES_PASSWORD', valueFrom: secretKey('password') },
                  { name: 'POSTGRES_DB', value: database },
                  { name: 'PGDATA', value: pgdata },
                ],
                resources: kubeResources(resources),
                securityContext: restrictedKubeContext(postgresUser),
                startupProbe: {
                  exec: { command: pgIsReady },
                  periodSeconds: 5,
                  timeoutSeconds: 5,
                  failureThreshold: 60,
                },
                readinessProbe: {
                  exec: { command: pgIsReady },
                  periodSeconds: 10,
                  timeoutSeconds: 5,
                  failureThreshold: 3,
                },
                livenessProbe: {
                  exec: { command: pgIsReady },
                  periodSeconds: 15,
                  timeoutSeconds: 5,
                  failureThreshold: 6,
                },
                lifecycle: {
                  // Kubernetes sends SIGTERM, which is PostgreSQL's "smart" shutdown: it would wait
                  // for the API's pooled connections until the grace period ends in SIGKILL.
                  // A fast shutdown rolls back open transactions and checkpoints cleanly.
                  preStop: { exec: { command: ['sh', '-c', 'exec pg_ctl stop -D "$PGDATA" -m fast -w -t 100'] } },
                },
                volumeMounts: [
                  { name: 'data', mountPath: dataMountPath },
                  { name: 'run', mountPath: '/var/run/postgresql' },
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'shm', mountPath: '/dev/shm' },
                  { name: 'init', mountPath: '/docker-entrypoint-initdb.d', readOnly: true },
                  ...(props.walArchive
                    ? [
                        { name: 'backup', mountPath: props.walArchive.mountPath },
                        { name: 'hba', mountPath: hbaMountPath, readOnly: true },
                      ]
                    : []),
                ],
              },
              {
                name: 'exporter',
                image: props.exporterImage,
                imagePullPolicy: 'IfNotPresent',
                args: ['--collector.stat_statements'],
                ports: [{ name: EXPORTER_PORT_NAME, containerPort: exporterPort, protocol: 'TCP' }],
                env: [
                  { name: 'DATA_SOURCE_URI', value: `127.0.0.1:${postgresPort}/${database}?sslmode=disable` },
                  { name: 'DATA_SOURCE_USER', valueFrom: secretKey('username') },
                  { name: 'DATA_SOURCE_PASS', valueFrom: secretKey('password') },
                ],
                resources: kubeResources(exporterResources),
                securityContext: restrictedKubeContext(exporterUser),
                readinessProbe: {
                  httpGet: { path: '/', port: k8s.IntOrString.fromString(EXPORTER_PORT_NAME) },
                  periodSeconds: 10,
                  timeoutSeconds: 5,
                },
                livenessProbe: {
                  httpGet: { path: '/', port: k8s.IntOrString.fromString(EXPORTER_PORT_NAME) },
                  periodSeconds: 30,
                  timeoutSeconds: 5,
                  failureThreshold: 3,
                },
              },
            ],
            volumes: [
              { name: 'run', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
              { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString(sharedMemorySize) } },
              { name: 'init', configMap: { name: initScripts.name } },
              ...(props.walArchive && hba
                ? [
                    { name: 'backup', persistentVolumeClaim: { claimName: props.walArchive.claimName } },
                    { name: 'hba', configMap: { name: hba.name } },
                  ]
                : []),
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: { ...this.selector }, annotations: { ...keepDataAnnotations } },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: props.storageClass,
              resources: { requests: { storage: k8s.Quantity.fromString(p.storageSize) } },
            },
          },
        ],
      },
    });

    // Headless: the StatefulSet's stable DNS name postgres-0.postgres, and `postgres` for clients.
    new k8s.KubeService(this, 'service', {
      metadata: metadata(name),
      spec: {
        clusterIp: 'None',
        selector: { ...this.selector },
        ports: [
          { name: 'postgres', port: postgresPort, targetPort: k8s.IntOrString.fromString('postgres'), protocol: 'TCP' },
          {
            name: EXPORTER_PORT_NAME,
            port: exporterPort,
            targetPort: k8s.IntOrString.fromString(EXPORTER_PORT_NAME),
            protocol: 'TCP',
          },
        ],
      },
    });

    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { ...metadata(name), annotations: syncWave(SyncWave.foundation) },
      spec: {
        podSelector: { matchLabels: { ...this.selector } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: props.clients.map((client) => ({ podSelector: { matchLabels: { ...client } } })),
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(postgresPort) }],
          },
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': monitoringNamespace } } }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(exporterPort) }],
          },
        ],
      },
    });
  }
}
