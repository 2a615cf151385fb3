import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ContainerResources } from '../config/config.js';
import type { SecretEnv } from '../config/env.js';
import type { ComponentMonitoring } from '../monitoring/component-monitoring.js';
import { componentLabels, selectorLabels } from '../platform/labels.js';
import type { RunAs } from '../platform/security.js';
import { quantityToMiB, validateResources } from '../platform/resources.js';
import { SyncWave } from '../platform/sync-order.js';
import { apiAutoscaler, validateAutoscaling, type ApiAutoscaling } from './api-autoscaling.js';
import { apiDeployment } from './api-deployment.js';
import { apiDisruptionBudget } from './api-disruption-budget.js';
import { API_NAME, apiMonitoring } from './api-monitoring.js';
import { apiIngress, apiNetworkPolicy, apiService } from './api-network.js';
import { apiMetadata, type ApiObjectIdentity } from './api-objects.js';

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
  /** Utilization targets and scaling speed of the HPA. @default API_AUTOSCALING_DEFAULTS (50% CPU, 70% memory, fast up, slow down) */
  readonly autoscaling?: ApiAutoscaling;
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

export const NEST_API_DEFAULTS = {
  name: API_NAME,
  minReplicas: 2,
  maxReplicas: 5,
  resources: { cpuRequest: '200m', memoryRequest: '256Mi', memoryLimit: '512Mi' },
  heapLimitMiB: 384,
  shutdownDelayMs: 5000,
  preStopSeconds: 5,
  drainSeconds: 20,
  secretEnvironment: {},
  autoscaling: {},
} as const satisfies Partial<NestApiProps>;

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
    const p = { ...NEST_API_DEFAULTS, ...props };
    const { name } = p;
    validateAutoscaling(p.minReplicas, p.maxReplicas, p.autoscaling);
    validateResources(name, p.resources);
    if (p.heapLimitMiB + 64 > quantityToMiB(p.resources.memoryLimit)) {
      throw new Error(
        `'heapLimitMiB' (${p.heapLimitMiB}) must leave at least 64 MiB below the memory limit ${p.resources.memoryLimit} ` +
          'for code, buffers and native memory; lower the heap cap or raise the limit.',
      );
    }
    const namespace = Chart.of(this).namespace;
    if (namespace === undefined) {
      throw new Error(`NestApi '${name}' needs a chart with a namespace, so its monitoring knows where to look.`);
    }
    this.monitoring = apiMonitoring({ namespace, name });

    const labels = componentLabels({ name, component: 'api', version: p.version });
    this.selector = selectorLabels({ name, component: 'api', version: p.version });
    const identity: ApiObjectIdentity = { name, labels, selector: this.selector };
    // preStop sleep, then the API's own delay (readiness already 503), then draining, plus slack.
    this.terminationGracePeriodSeconds = p.preStopSeconds + Math.ceil(p.shutdownDelayMs / 1000) + p.drainSeconds + 5;

    const environment = { ...p.environment, PORT: String(apiPort), SHUTDOWN_DELAY_MS: String(p.shutdownDelayMs) };
    const configMap = new kplus.ConfigMap(this, 'config', {
      metadata: apiMetadata(identity, SyncWave.secretsAndConfig),
      data: environment,
    });
    this.configMapName = configMap.name;

    this.deployment = apiDeployment(this, {
      identity,
      image: p.image,
      port: apiPort,
      runAs: apiUser,
      configMap,
      environment,
      secretEnvironment: p.secretEnvironment,
      resources: p.resources,
      heapLimitMiB: p.heapLimitMiB,
      preStopSeconds: p.preStopSeconds,
      terminationGracePeriodSeconds: this.terminationGracePeriodSeconds,
    });
    this.service = apiService(this, identity, apiPort);
    apiAutoscaler(this, {
      identity,
      target: this.deployment,
      minReplicas: p.minReplicas,
      maxReplicas: p.maxReplicas,
      autoscaling: p.autoscaling,
    });
    apiDisruptionBudget(this, identity);
    apiNetworkPolicy(this, identity, apiPort);
    if (p.ingressHost !== undefined) apiIngress(this, identity, p.ingressHost, p.ingressClassName);
  }
}
