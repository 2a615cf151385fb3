import { createHash } from 'node:crypto';
import { ApiObject, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ContainerResources } from '../config/config.js';
import type { ComponentMonitoring } from '../monitoring/component-monitoring.js';
import { heapCapValue, secretEnvValues } from '../config/env.js';
import type { SecretEnv } from '../config/env.js';
import { tidyPodTemplate } from '../platform/pod-template.js';
import { componentLabels, selectorLabels } from '../platform/labels.js';
import { restrictedPlusContext } from '../platform/security.js';
import type { RunAs } from '../platform/security.js';
import { plusResources, quantityToMiB, validateResources } from '../platform/resources.js';
import type { ComponentIdentity } from '../platform/labels.js';
import { SyncWave, syncWave } from '../platform/sync-order.js';
import { API_NAME, apiMonitoring } from './api-monitoring.js';

/** Props of {@link NestApi}. */
export interface NestApiProps {
  /** Name of the Deployment, Service, HPA, PDB, ConfigMap and of the label `app.kubernetes.io/name`. @default API_NAME ('lms-api') */
  readonly name?: string;
  /** Full image reference `repository:tag`. */
  readonly image: string;
  /** `app.kubernetes.io/version`, normally the image tag. */
  readonly version: string;
  /** Non-secret environment, stored in a ConfigMap of the same name. */
  readonly environment: Readonly<Record<string, string>>;
  /** Environment variables taken from Secrets (e.g. `JWT_SECRET`, `PGPASSWORD`). @default {} */
  readonly secretEnvironment?: Readonly<Record<string, SecretEnv>>;
  /** HPA lower bound. @default 2 */
  readonly minReplicas?: number;
  /** HPA upper bound. @default 5 */
  readonly maxReplicas?: number;
  /** @default { cpuRequest: '200m', memoryRequest: '256Mi', memoryLimit: '512Mi' } */
  readonly resources?: ContainerResources;
  /** `--max-old-space-size` in MiB; must stay below the memory limit. @default 384 */
  readonly heapLimitMiB?: number;
  /** The API's own wait after SIGTERM (SHUTDOWN_DELAY_MS). @default 5000 */
  readonly shutdownDelayMs?: number;
  /** Sleep in `preStop` before SIGTERM, while endpoints and load balancers forget the pod. @default 5 */
  readonly preStopSeconds?: number;
  /** Time allowed for in-flight requests to finish after the shutdown delay. @default 20 */
  readonly drainSeconds?: number;
  /** Host of an Ingress in front of the Service. @default - no Ingress */
  readonly ingressHost?: string;
  /** IngressClass of that Ingress. @default - the cluster default */
  readonly ingressClassName?: string;
}

const defaults = {
  name: API_NAME,
  minReplicas: 2,
  maxReplicas: 5,
  resources: { cpuRequest: '200m', memoryRequest: '256Mi', memoryLimit: '512Mi' },
  heapLimitMiB: 384,
  shutdownDelayMs: 5000,
  preStopSeconds: 5,
  drainSeconds: 20,
} as const;

/** The unprivileged `node` user of the Node.js base images. */
export const apiUser: RunAs = { user: 1000, group: 1000 };

/** The port the API listens on (PORT) and that the Service exposes. */
export const apiPort = 8000;

/**
 * A NestJS HTTP API: ConfigMap, Deployment scaled only by its HorizontalPodAutoscaler, Service,
 * PodDisruptionBudget, the NetworkPolicy that opens its port, and optionally an Ingress.
 */
export class NestApi extends Construct {
  /** The Deployment (also the scale target of the HPA). */
  public readonly deployment: kplus.Deployment;
  /** The ClusterIP Service on port 8000. */
  public readonly service: kplus.Service;
  /** Labels that select the API pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The ConfigMap with the non-secret environment (Jobs of the same image reuse it). */
  public readonly configMapName: string;
  /** Seconds Kubernetes waits between the start of termination and SIGKILL. */
  public readonly terminationGracePeriodSeconds: number;
  /** How the monitoring stack scrapes, alerts on and shows this API. */
  public readonly monitoring: ComponentMonitoring;

  constructor(scope: Construct, id: string, props: NestApiProps) {
    super(scope, id);
    const name = props.name ?? defaults.name;
    const minReplicas = props.minReplicas ?? defaults.minReplicas;
    const maxReplicas = props.maxReplicas ?? defaults.maxReplicas;
    const resources = props.resources ?? defaults.resources;
    const heapLimitMiB = props.heapLimitMiB ?? defaults.heapLimitMiB;
    const shutdownDelayMs = props.shutdownDelayMs ?? defaults.shutdownDelayMs;
    const preStopSeconds = props.preStopSeconds ?? defaults.preStopSeconds;
    const drainSeconds = props.drainSeconds ?? defaults.drainSeconds;

    if (!Number.isInteger(minReplicas) || minReplicas < 1) {
      throw new Error(`'minReplicas' is ${minReplicas}; it must be a whole number of at least 1.`);
    }
    if (maxReplicas < minReplicas) {
      throw new Error(`'maxReplicas' (${maxReplicas}) must be at least 'minReplicas' (${minReplicas}).`);
    }
    validateResources(name, resources);
    const memoryLimitMiB = quantityToMiB(resources.memoryLimit);
    if (heapLimitMiB + 64 > memoryLimitMiB) {
      throw new Error(
        `'heapLimitMiB' (${heapLimitMiB}) must leave at least 64 MiB below the memory limit ${resources.memoryLimit} ` +
          'for code, buffers and native memory; lower the heap cap or raise the limit.',
      );
    }

    const namespace = Chart.of(this).namespace;
    if (namespace === undefined) {
      throw new Error(`NestApi '${name}' needs a chart with a namespace, so its monitoring knows where to look.`);
    }
    this.monitoring = apiMonitoring({ namespace, name });

    const identity: ComponentIdentity = { name, component: 'api', version: props.version };
    const labels = componentLabels(identity);
    this.selector = selectorLabels(identity);
    // preStop sleep, then the API's own delay (readiness already 503), then draining, plus slack.
    this.terminationGracePeriodSeconds = preStopSeconds + Math.ceil(shutdownDelayMs / 1000) + drainSeconds + 5;

    const environment = { ...props.environment, PORT: String(apiPort), SHUTDOWN_DELAY_MS: String(shutdownDelayMs) };
    const configMap = new kplus.ConfigMap(this, 'config', {
      metadata: { name, labels, annotations: syncWave(SyncWave.secretsAndConfig) },
      data: environment,
    });

    this.configMapName = configMap.name;

    const tmp = kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(64) });
    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name, labels, annotations: syncWave(SyncWave.api) },
      select: false,
      podMetadata: {
        labels,
        annotations: {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(apiPort),
          'prometheus.io/path': '/metrics',
          // Environment from a ConfigMap is read at start only: a new checksum rolls the pods.
          'checksum/config': createHash('sha256').update(JSON.stringify(environment)).digest('hex'),
        },
      },
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.seconds(this.terminationGracePeriodSeconds),
      securityContext: {
        ensureNonRoot: true,
        user: apiUser.user,
        group: apiUser.group,
        fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
      },
      volumes: [tmp],
      containers: [
        {
          name: 'api',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [{ number: apiPort, name: 'http' }],
          envFrom: [kplus.Env.fromConfigMap(configMap)],
          envVariables: {
            NODE_OPTIONS: heapCapValue(heapLimitMiB),
            ...secretEnvValues(this, props.secretEnvironment ?? {}),
          },
          resources: plusResources(resources),
          startup: kplus.Probe.fromHttpGet('/health/live', {
            port: apiPort,
            periodSeconds: Duration.seconds(2),
            failureThreshold: 30,
            timeoutSeconds: Duration.seconds(2),
          }),
          readiness: kplus.Probe.fromHttpGet('/health/ready', {
            port: apiPort,
            periodSeconds: Duration.seconds(5),
            failureThreshold: 2,
            timeoutSeconds: Duration.seconds(2),
          }),
          liveness: kplus.Probe.fromHttpGet('/health/live', {
            port: apiPort,
            periodSeconds: Duration.seconds(10),
            failureThreshold: 3,
            timeoutSeconds: Duration.seconds(2),
          }),
          lifecycle: {
            // The image has node but maybe no shell; a timer keeps the dependency to node alone.
            preStop: kplus.Handler.fromCommand(['node', '-e', `setTimeout(() => {}, ${preStopSeconds * 1000})`]),
          },
          securityContext: restrictedPlusContext(apiUser),
          volumeMounts: [{ path: '/tmp', volume: tmp }],
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: this.selector }));
    ApiObject.of(this.deployment).addJsonPatch(
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: this.selector },
          matchLabelKeys: ['pod-template-hash'],
        },
      ]),
    );
    tidyPodTemplate(this.deployment);

    this.service = new kplus.Service(this, 'service', {
      metadata: { name, labels, annotations: syncWave(SyncWave.api) },
      selector: kplus.Pods.select(this, 'pods', { labels: this.selector }),
      ports: [{ name: 'http', port: apiPort, targetPort: apiPort }],
    });

    new kplus.HorizontalPodAutoscaler(this, 'hpa', {
      metadata: { name, labels, annotations: syncWave(SyncWave.api) },
      target: this.deployment,
      minReplicas,
      maxReplicas,
      metrics: [
        kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(50)),
        kplus.Metric.resourceMemory(kplus.MetricTarget.averageUtilization(70)),
      ],
      scaleUp: {
        strategy: kplus.ScalingStrategy.MAX_CHANGE,
        stabilizationWindow: Duration.seconds(0),
        policies: [
          { replicas: kplus.Replicas.percent(100), duration: Duration.seconds(15) },
          { replicas: kplus.Replicas.absolute(2), duration: Duration.seconds(15) },
        ],
      },
      scaleDown: {
        stabilizationWindow: Duration.seconds(60),
        policies: [{ replicas: kplus.Replicas.percent(50), duration: Duration.seconds(60) }],
      },
    });

    // One pod at a time may be evicted voluntarily; with minReplicas 2 one always serves.
    // AlwaysAllow lets a drain evict pods that are already failing instead of blocking on them.
    new k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: { name, labels, annotations: syncWave(SyncWave.api) },
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: { ...this.selector } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });

    // Clients reach the API from anywhere (an ingress controller, a port-forward, Prometheus in
    // the monitoring namespace): the port is open to every source, every other port stays closed.
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name, labels, annotations: syncWave(SyncWave.foundation) },
      spec: {
        podSelector: { matchLabels: { ...this.selector } },
        policyTypes: ['Ingress'],
        ingress: [{ ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(apiPort) }] }],
      },
    });

    if (props.ingressHost !== undefined) {
      new k8s.KubeIngress(this, 'ingress', {
        metadata: { name, labels, annotations: syncWave(SyncWave.api) },
        spec: {
          ingressClassName: props.ingressClassName,
          rules: [
            {
              host: props.ingressHost,
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name, port: { name: 'http' } } },
                  },
                ],
              },
            },
          ],
        },
      });
    }
  }
}
