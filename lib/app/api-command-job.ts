import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ContainerResources } from '../config/config.js';
import { heapCapValue, secretEnvValues } from '../config/env.js';
import type { SecretEnv } from '../config/env.js';
import { tidyPodTemplate } from '../platform/pod-template.js';
import { componentLabels, selectorLabels } from '../platform/labels.js';
import { plusResources, quantityToMiB, validateResources } from '../platform/resources.js';
import { nonRootPlusPodContext, restrictedPlusContext } from '../platform/security.js';
import type { RunAs } from '../platform/security.js';
import { hookAnnotations } from '../platform/sync-order.js';
import type { HookPhase } from '../platform/sync-order.js';

/** A database the Job waits for before it starts its command. */
export interface WaitForDatabase {
  /** Image that ships `pg_isready` (the PostgreSQL image already in use). */
  readonly image: string;
  readonly host: string;
  readonly port: number;
}

/** Props of {@link ApiCommandJob}. */
export interface ApiCommandJobProps {
  /** Name of the Job and of `app.kubernetes.io/name`, e.g. `lms-migrate`. */
  readonly name: string;
  /** `app.kubernetes.io/component`, e.g. `migration`. */
  readonly component: string;
  /** The API image. */
  readonly image: string;
  /** `app.kubernetes.io/version`, normally the image tag. */
  readonly version: string;
  /** Command run in the image's working directory, e.g. `['node', 'dist/database/migrate.js']`. */
  readonly command: readonly string[];
  /** ConfigMap with the API's non-secret environment. */
  readonly configMapName: string;
  /** Environment variables from Secrets. @default {} */
  readonly secretEnvironment?: Readonly<Record<string, SecretEnv>>;
  /** Argo CD hook phase. */
  readonly hookPhase: HookPhase;
  /** Argo CD sync wave. */
  readonly syncWave: number;
  /** Pod retries before the Job fails; covers a database that is still starting. @default 6 */
  readonly backoffLimit?: number;
  /** Hard limit on the Job's run time, waiting included. @default 600 */
  readonly activeDeadlineSeconds?: number;
  /** Wait (in an init container) until this database accepts connections. @default - no wait */
  readonly waitForDatabase?: WaitForDatabase;
  /** User the API image runs as. */
  readonly runAs: RunAs;
  /** @default { cpuRequest: '50m', memoryRequest: '128Mi', memoryLimit: '256Mi' } */
  readonly resources?: ContainerResources;
}

export const API_COMMAND_JOB_DEFAULTS = {
  backoffLimit: 6,
  activeDeadlineSeconds: 600,
  resources: { cpuRequest: '50m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
  waitResources: { cpuRequest: '10m', memoryRequest: '16Mi', memoryLimit: '32Mi' },
  secretEnvironment: {},
} as const;

/**
 * A one-shot command of the API image (migrations, seeding) run as an Argo CD hook Job with the
 * API's own environment, re-created on every sync and safe to run again.
 */
export class ApiCommandJob extends Construct {
  /** Labels that select the Job's pods (used by the database NetworkPolicy). */
  public readonly selector: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ApiCommandJobProps) {
    super(scope, id);
    const p = { ...API_COMMAND_JOB_DEFAULTS, ...props };
    const { resources, backoffLimit } = p;
    if (props.command.length === 0) {
      throw new Error(
        `${props.name}: 'command' is empty; give the entry point, e.g. ['node', 'dist/database/migrate.js'].`,
      );
    }
    if (!Number.isInteger(backoffLimit) || backoffLimit < 0) {
      throw new Error(`${props.name}: 'backoffLimit' must be a whole number ≥ 0, got ${backoffLimit}.`);
    }
    validateResources(props.name, resources);

    const identity = { name: props.name, component: props.component, version: props.version };
    const labels = componentLabels(identity);
    this.selector = selectorLabels(identity);
    const tmp = kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp');

    const job = new kplus.Job(this, 'job', {
      metadata: { name: props.name, labels, annotations: hookAnnotations(props.hookPhase, props.syncWave) },
      podMetadata: { labels },
      backoffLimit,
      activeDeadline: Duration.seconds(p.activeDeadlineSeconds),
      automountServiceAccountToken: false,
      securityContext: nonRootPlusPodContext(props.runAs),
      volumes: [tmp],
      initContainers: props.waitForDatabase
        ? [
            {
              name: 'wait-for-database',
              image: props.waitForDatabase.image,
              imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
              command: [
                'sh',
                '-c',
                `until pg_isready -h ${props.waitForDatabase.host} -p ${props.waitForDatabase.port} -t 3; do sleep 2; done`,
              ],
              resources: plusResources(p.waitResources),
              securityContext: restrictedPlusContext(props.runAs),
            },
          ]
        : [],
      containers: [
        {
          name: props.component,
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          command: [...props.command],
          envFrom: [kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(this, 'config', props.configMapName))],
          envVariables: {
            NODE_OPTIONS: heapCapValue(Math.floor(quantityToMiB(resources.memoryLimit) * 0.75)),
            ...secretEnvValues(this, p.secretEnvironment),
          },
          resources: plusResources(resources),
          securityContext: restrictedPlusContext(props.runAs),
          volumeMounts: [{ path: '/tmp', volume: tmp }],
        },
      ],
    });
    tidyPodTemplate(job);
  }
}
