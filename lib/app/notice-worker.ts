import { createHash } from 'node:crypto';
import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ContainerResources } from '../config/config.js';
import { heapCapValue, secretEnvValues, type SecretEnv } from '../config/env.js';
import type { ComponentMonitoring } from '../monitoring/component-monitoring.js';
import { componentLabels, selectorLabels } from '../platform/labels.js';
import { tidyPodTemplate } from '../platform/pod-template.js';
import { plusResources, quantityToMiB, validateResources } from '../platform/resources.js';
import { nonRootPlusPodContext, restrictedPlusContext, type RunAs } from '../platform/security.js';
import { SyncWave, syncWave } from '../platform/sync-order.js';
import { NOTICE_WORKER_NAME, noticeWorkerMonitoring } from './notice-worker-monitoring.js';

/** Props of {@link NoticeWorker}. */
export interface NoticeWorkerProps {
  /** Name of the Deployment, ConfigMap, NetworkPolicy and of `app.kubernetes.io/name`. @default NOTICE_WORKER_NAME ('lms-notice-worker') */
  readonly name?: string;
  /** The API image: the worker is `node dist/worker.js` of the same build. */
  readonly image: string;
  /** `app.kubernetes.io/version`, normally the image tag. */
  readonly version: string;
  /** Non-secret environment (database host, MAIL_FROM, LIBRARY_NAME, NOTICE_*), stored in a ConfigMap. */
  readonly environment: Readonly<Record<string, string>>;
  /** `SMTP_URL` and the database login, from Secrets that never enter Git. */
  readonly secretEnvironment: Readonly<Record<string, SecretEnv>>;
  /** The unprivileged user of the image. */
  readonly runAs: RunAs;
  /** Jobs are claimed with SKIP LOCKED, so several replicas never send a notice twice. @default 1 */
  readonly replicas?: number;
  /** @default { cpuRequest: '50m', memoryRequest: '128Mi', memoryLimit: '256Mi' } */
  readonly resources?: ContainerResources;
  /** `--max-old-space-size` in MiB, below the memory limit. @default 160 */
  readonly heapLimitMiB?: number;
  /** Metrics and probes (WORKER_PORT). @default 9465 */
  readonly port?: number;
  /** Namespace of Prometheus, the only source allowed to the metrics port. */
  readonly monitoringNamespace: string;
}

export const NOTICE_WORKER_DEFAULTS = {
  name: NOTICE_WORKER_NAME,
  replicas: 1,
  resources: { cpuRequest: '50m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
  heapLimitMiB: 160,
  port: 9465,
} as const satisfies Partial<NoticeWorkerProps>;

/**
 * The notice worker: a ConfigMap, a Deployment of `node dist/worker.js` under the restricted Pod Security
 * profile with probes and scrape annotations, and a NetworkPolicy that opens its port to Prometheus only.
 */
export class NoticeWorker extends Construct {
  public readonly deployment: kplus.Deployment;
  /** Labels that select the worker pods (PostgreSQL admits them). */
  public readonly selector: Readonly<Record<string, string>>;
  /** How the monitoring stack scrapes, alerts on and shows the worker. */
  public readonly monitoring: ComponentMonitoring;

  constructor(scope: Construct, id: string, props: NoticeWorkerProps) {
    super(scope, id);
    const p = { ...NOTICE_WORKER_DEFAULTS, ...props };
    const { name, port } = p;
    if (!Number.isInteger(p.replicas) || p.replicas < 1) {
      throw new Error(`'replicas' of ${name} is ${p.replicas}; give a whole number of at least 1.`);
    }
    if (!p.secretEnvironment.SMTP_URL) {
      throw new Error(`${name} needs 'secretEnvironment.SMTP_URL': the SMTP server and its login come from a Secret.`);
    }
    if ('SMTP_URL' in p.environment) {
      throw new Error(`${name}: move SMTP_URL from 'environment' to 'secretEnvironment'; it carries the password.`);
    }
    validateResources(name, p.resources);
    if (p.heapLimitMiB + 64 > quantityToMiB(p.resources.memoryLimit)) {
      throw new Error(
        `'heapLimitMiB' (${p.heapLimitMiB}) of ${name} must leave 64 MiB below the memory limit ${p.resources.memoryLimit}.`,
      );
    }
    const namespace = Chart.of(this).namespace;
    if (namespace === undefined) throw new Error(`NoticeWorker '${name}' needs a chart with a namespace.`);
    this.monitoring = noticeWorkerMonitoring({ namespace, name });

    const labels = componentLabels({ name, component: 'worker', version: p.version });
    this.selector = selectorLabels({ name, component: 'worker', version: p.version });
    const metadata = (wave: number) => ({ name, labels: { ...labels }, annotations: syncWave(wave) });
    const environment = { ...p.environment, WORKER_PORT: String(port) };
    const configMap = new kplus.ConfigMap(this, 'config', {
      metadata: metadata(SyncWave.secretsAndConfig),
      data: environment,
    });

    const tmp = kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(16) });
    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: metadata(SyncWave.api),
      replicas: p.replicas,
      select: false,
      podMetadata: {
        labels: { ...labels },
        annotations: {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(port),
          'prometheus.io/path': '/metrics',
          'checksum/config': createHash('sha256').update(JSON.stringify(environment)).digest('hex'),
        },
      },
      automountServiceAccountToken: false,
      // A graceful stop lets the mails in flight finish (the worker waits for them, then exits).
      terminationGracePeriod: Duration.seconds(60),
      securityContext: nonRootPlusPodContext(p.runAs),
      volumes: [tmp],
      containers: [
        {
          name: 'worker',
          image: p.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          command: ['node', 'dist/worker.js'],
          ports: [{ number: port, name: 'metrics' }],
          envFrom: [kplus.Env.fromConfigMap(configMap)],
          envVariables: { NODE_OPTIONS: heapCapValue(p.heapLimitMiB), ...secretEnvValues(this, p.secretEnvironment) },
          resources: plusResources(p.resources),
          startup: kplus.Probe.fromHttpGet('/health/live', {
            port,
            periodSeconds: Duration.seconds(2),
            failureThreshold: 30,
          }),
          readiness: kplus.Probe.fromHttpGet('/health/ready', { port, periodSeconds: Duration.seconds(10) }),
          liveness: kplus.Probe.fromHttpGet('/health/live', {
            port,
            periodSeconds: Duration.seconds(20),
            failureThreshold: 3,
          }),
          securityContext: restrictedPlusContext(p.runAs),
          volumeMounts: [{ path: '/tmp', volume: tmp }],
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...this.selector } }));
    tidyPodTemplate(this.deployment);

    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: metadata(SyncWave.foundation),
      spec: {
        podSelector: { matchLabels: { ...this.selector } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': p.monitoringNamespace } } }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }],
          },
        ],
      },
    });
  }
}
