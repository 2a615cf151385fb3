/**
 * Typed configuration for the whole cdk8s app: what this deployment chooses, and a few overrides
 * from the environment so that nothing in code must change to deploy a new image. Settings a
 * construct has a default for are optional here and unset unless overridden: the default lives
 * once, in the construct (NEST_API_DEFAULTS, POSTGRES_DEFAULTS, PROMETHEUS_DEFAULTS, LOKI_DEFAULTS).
 *
 * Other charts add their own section (for example `monitoring`, `argocd`) to `AppConfig` and to
 * `defaultConfig`, and read `namespaces` from here so every chart agrees on them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateRepoUrl, validateRevision } from '../argocd/git-source.js';
import { SECRET_GENERATOR_IMAGE } from '../platform/secret-generator.js';
import { loadDatabaseConfig, type DatabaseConfig } from './database-config.js';

/** A container image pinned to a version. */
export interface ImageRef {
  /** Repository without the tag, for example `postgres`. */
  readonly repository: string;
  /** A version tag; never `latest`. */
  readonly tag: string;
}

/** CPU and memory for one container (Kubernetes quantity strings). */
export interface ContainerResources {
  readonly cpuRequest: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
  /** @default - no CPU limit (throttling a Node.js event loop hurts latency more than it saves) */
  readonly cpuLimit?: string;
}

/** Namespace names every chart relies on. */
export interface NamespacesConfig {
  /** @default 'lms' */
  readonly app: string;
  /** Pod Security `restricted` namespace of the monitoring stack. @default 'monitoring' */
  readonly monitoring: string;
  /** Pod Security `privileged` namespace of node-level agents. @default 'monitoring-agents' */
  readonly monitoringAgents: string;
}

/** Optional Ingress in front of the API. */
export interface IngressConfig {
  /** @default true when LMS_INGRESS_HOST is set, else false */
  readonly enabled: boolean;
  /** @default env LMS_INGRESS_HOST, else 'lms.local' */
  readonly host: string;
  /** @default - the cluster's default IngressClass */
  readonly className?: string;
}

/** The lms-api workload. */
export interface ApiConfig {
  /** @default { repository: DEFAULT_API_IMAGE_REPOSITORY (or LMS_API_IMAGE_REPOSITORY), tag: <LMS_API_IMAGE_TAG or deploy/api-image-tag> } */
  readonly image: ImageRef;
  /** HPA lower bound; 1 is allowed but leaves no pod during a voluntary disruption. @default env LMS_API_MIN_REPLICAS, else NestApi's (2) */
  readonly minReplicas?: number;
  /** @default - NestApi's (5) */
  readonly maxReplicas?: number;
  /** @default - NestApi's ({ cpuRequest: '200m', memoryRequest: '256Mi', memoryLimit: '512Mi' }) */
  readonly resources?: ContainerResources;
  /** V8 old-space cap in MiB, below the memory limit to leave room for buffers and code. @default - NestApi's (384) */
  readonly heapLimitMiB?: number;
  /** Time the API keeps serving after SIGTERM while endpoints are removed. @default - NestApi's (5000) */
  readonly shutdownDelayMs?: number;
  /** Upper bound on draining in-flight requests after the shutdown delay. @default - NestApi's (20) */
  readonly drainSeconds?: number;
  /** @default 'info' */
  readonly logLevel: string;
  /** Comma-separated browser origins allowed by CORS. @default '' */
  readonly corsOrigins: string;
  /** @default 10 */
  readonly dbPoolMax: number;
  readonly ingress: IngressConfig;
}

/** The PostgreSQL StatefulSet and its exporter sidecar. */
export interface PostgresConfig {
  /** @default { repository: 'postgres', tag: '16.15-alpine' } */
  readonly image: ImageRef;
  /** @default { repository: 'prometheuscommunity/postgres-exporter', tag: 'v0.20.1' } */
  readonly exporterImage: ImageRef;
  /** @default env LMS_STORAGE_CLASS, else the cluster's default StorageClass */
  readonly storageClass?: string;
  /** @default - Postgres' ('10Gi') */
  readonly storageSize?: string;
  /** Database the API uses, created on first start. @default 'lms' */
  readonly database: string;
  /** Owner role written into the generated credentials Secret. @default 'lms' */
  readonly username: string;
  /** @default - Postgres' ({ cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' }) */
  readonly resources?: ContainerResources;
  /** @default - Postgres' ({ cpuRequest: '20m', memoryRequest: '48Mi', memoryLimit: '128Mi' }) */
  readonly exporterResources?: ContainerResources;
  /** Size of the memory-backed /dev/shm. @default - Postgres' ('256Mi') */
  readonly sharedMemorySize?: string;
}

/** Where the credentials come from and what the Secrets are called. */
export interface SecretsConfig {
  /**
   * When true no generator Job is rendered; create the three Secrets yourself before syncing.
   * @default env LMS_BRING_YOUR_OWN_SECRETS, else false
   */
  readonly bringYourOwn: boolean;
  /** Keys `username`, `password`. @default 'lms-db-credentials' */
  readonly databaseSecretName: string;
  /** Key `JWT_SECRET`. @default 'lms-api-jwt' */
  readonly jwtSecretName: string;
  /** Keys `SEED_ADMIN_EMAIL`, `SEED_ADMIN_PASSWORD`. @default 'lms-seed-admin' */
  readonly seedAdminSecretName: string;
  /** E-mail of the first administrator written by the generator. @default 'admin@lms.local' */
  readonly seedAdminEmail: string;
  /** Image with a shell and kubectl for the generator Jobs (also Grafana's). @default SECRET_GENERATOR_IMAGE */
  readonly generatorImage: ImageRef;
}

/** The notice e-mail worker (`node dist/worker.js` of the API image). */
export interface NoticesConfig {
  /** The sender of every notice. @default 'Library notices <notices@lms.local>' */
  readonly mailFrom: string;
  /** Signs every notice. @default 'The Library' */
  readonly libraryName: string;
  /** Secret with key `SMTP_URL` (smtp:// or smtps://, login inside); never generated, never in Git. @default 'lms-smtp' */
  readonly smtpSecretName: string;
  /** Days before the due date of the due-soon reminder. @default 2 */
  readonly dueSoonDays: number;
}

/** Everything the `lms` chart needs. */
export interface LmsConfig {
  readonly api: ApiConfig;
  readonly notices: NoticesConfig;
  readonly postgres: PostgresConfig;
  readonly secrets: SecretsConfig;
  /** Run the idempotent seed as a PostSync hook. @default env LMS_SEED_ENABLED, else true */
  readonly seedEnabled: boolean;
}

/** Where Argo CD reads the synthesized manifests from (the `argocd` chart). */
export interface ArgoCdConfig {
  /**
   * Git URL of this repository as Argo CD clones it: https, ssh or `git@host:owner/repo.git`.
   * @default env LMS_GITOPS_REPO_URL, else 'https://github.com/lms-platform/lms.git'
   */
  readonly repoUrl: string;
  /** Branch, tag or commit Argo CD follows. @default env LMS_GITOPS_REVISION, else 'main' */
  readonly targetRevision: string;
  /** Namespace Argo CD runs in; the Applications and the AppProject live there. @default 'argocd' */
  readonly namespace: string;
}

/** The monitoring stack (the `monitoring` chart). */
export interface MonitoringConfig {
  /** Log collector: Promtail (end of life since 2026-03-02) or its successor Grafana Alloy. @default env LMS_LOG_COLLECTOR, else 'promtail' */
  readonly logCollector: 'promtail' | 'alloy';
  /** Render metrics-server, for clusters that lack the metrics API the HPA needs. @default env LMS_METRICS_SERVER (true or false), else false */
  readonly metricsServer: boolean;
  /** Mount the host's `/` into node-exporter; turn off on kind or Docker Desktop. @default env LMS_NODE_EXPORTER_ROOTFS (true or false), else true */
  readonly nodeExporterRootFilesystem: boolean;
  /** @default - Prometheus' ('15d') */
  readonly prometheusRetention?: string;
  /** @default - Prometheus' ('10Gi') */
  readonly prometheusStorageSize?: string;
  /** Log retention in hours, enforced by Loki's compactor. @default - Loki's ('168h') */
  readonly lokiRetention?: string;
  /** @default - Loki's ('10Gi') */
  readonly lokiStorageSize?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
}

/** The whole cdk8s app. */
export interface AppConfig {
  readonly namespaces: NamespacesConfig;
  readonly lms: LmsConfig;
  /** Database mode, backups and restore (lib/config/database-config.ts). */
  readonly database: DatabaseConfig;
  readonly argocd: ArgoCdConfig;
  readonly monitoring: MonitoringConfig;
}

/** The repository Argo CD watches unless LMS_GITOPS_REPO_URL says otherwise; a fork changes this line. */
export const defaultRepoUrl = 'https://github.com/lms-platform/lms.git';

/** Where CI pushes the API image (GHCR of the same owner as the repository); a fork changes this line too. */
export const DEFAULT_API_IMAGE_REPOSITORY = 'ghcr.io/lms-platform/lms-api';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url)).replace(/[/\\]$/, '');

/** The committed file that pins the API image tag when no environment variable is set. */
export const apiImageTagFile = join(repoRoot, 'deploy', 'api-image-tag');

/** Tags accepted for images: a version, never `latest`, no whitespace. */
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * Resolves the API image tag: `LMS_API_IMAGE_TAG` wins, then the one-line file
 * `deploy/api-image-tag`, and a missing or invalid value is an error (never `latest`).
 */
export function resolveApiImageTag(env: NodeJS.ProcessEnv = process.env, file: string = apiImageTagFile): string {
  const fromEnv = env.LMS_API_IMAGE_TAG?.trim();
  const tag = fromEnv ? fromEnv : existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  const source = fromEnv ? 'LMS_API_IMAGE_TAG' : file;
  if (!tag) {
    throw new Error(`No API image tag: set LMS_API_IMAGE_TAG or write a version into ${file}.`);
  }
  if (!tagPattern.test(tag) || tag === 'latest') {
    throw new Error(`The API image tag "${tag}" from ${source} is not a pinned version; use something like 1.4.2.`);
  }
  return tag;
}

/** Reads a `true`/`false` switch from the environment; anything else is an error, not a guess. */
export function envSwitch(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`${name} is "${value}"; set it to true or false.`);
}

/** Reads a whole number from the environment within bounds; `fallback` (a number or undefined) when unset. */
export function envInteger<Fallback extends number | undefined>(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: Fallback,
  min: number,
  max: number,
): number | Fallback {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new Error(`${name} is "${value}"; it must be a whole number from ${min} to ${max}.`);
  }
  return parsed;
}

/** Builds the configuration with its defaults; `env` supplies the documented overrides. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const config: AppConfig = {
    namespaces: { app: 'lms', monitoring: 'monitoring', monitoringAgents: 'monitoring-agents' },
    lms: {
      api: {
        image: {
          repository: env.LMS_API_IMAGE_REPOSITORY?.trim() || DEFAULT_API_IMAGE_REPOSITORY,
          tag: resolveApiImageTag(env),
        },
        minReplicas: envInteger(env, 'LMS_API_MIN_REPLICAS', undefined, 1, 5),
        logLevel: 'info',
        corsOrigins: '',
        dbPoolMax: 10,
        ingress: { enabled: Boolean(env.LMS_INGRESS_HOST?.trim()), host: env.LMS_INGRESS_HOST?.trim() || 'lms.local' },
      },
      notices: {
        mailFrom: 'Library notices <notices@lms.local>',
        libraryName: 'The Library',
        smtpSecretName: 'lms-smtp',
        dueSoonDays: 2,
      },
      postgres: {
        image: { repository: 'postgres', tag: '16.15-alpine' },
        // Newest release in the stored material: prometheus-community/postgres_exporter#1345, "Prep release for v0.20.1".
        exporterImage: { repository: 'prometheuscommunity/postgres-exporter', tag: 'v0.20.1' },
        storageClass: env.LMS_STORAGE_CLASS?.trim() || undefined,
        database: 'lms',
        username: 'lms',
      },
      secrets: {
        bringYourOwn: envSwitch(env, 'LMS_BRING_YOUR_OWN_SECRETS', false),
        databaseSecretName: 'lms-db-credentials',
        jwtSecretName: 'lms-api-jwt',
        seedAdminSecretName: 'lms-seed-admin',
        seedAdminEmail: 'admin@lms.local',
        generatorImage: SECRET_GENERATOR_IMAGE,
      },
      seedEnabled: envSwitch(env, 'LMS_SEED_ENABLED', true),
    },
    database: loadDatabaseConfig(env),
    argocd: {
      repoUrl: validateRepoUrl(env.LMS_GITOPS_REPO_URL?.trim() || defaultRepoUrl, 'LMS_GITOPS_REPO_URL'),
      targetRevision: validateRevision(env.LMS_GITOPS_REVISION?.trim() || 'main', 'LMS_GITOPS_REVISION'),
      namespace: 'argocd',
    },
    monitoring: {
      logCollector: parseLogCollector(env.LMS_LOG_COLLECTOR),
      metricsServer: envSwitch(env, 'LMS_METRICS_SERVER', false),
      nodeExporterRootFilesystem: envSwitch(env, 'LMS_NODE_EXPORTER_ROOTFS', true),
    },
  };
  return config;
}

/** LMS_LOG_COLLECTOR: 'promtail' (default) or 'alloy'. */
function parseLogCollector(value: string | undefined): MonitoringConfig['logCollector'] {
  const collector = value?.trim() || 'promtail';
  if (collector !== 'promtail' && collector !== 'alloy') {
    throw new Error(`LMS_LOG_COLLECTOR must be 'promtail' or 'alloy', got '${collector}'.`);
  }
  return collector;
}

/** `repository:tag` of an image reference. */
export function imageName(image: ImageRef): string {
  return `${image.repository}:${image.tag}`;
}
