import { createHash } from 'node:crypto';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ContainerResources } from '../config/config.js';
import { heapCapValue, secretEnvValues } from '../config/env.js';
import type { SecretEnv } from '../config/env.js';
import { tidyPodTemplate } from '../platform/pod-template.js';
import { plusResources } from '../platform/resources.js';
import { nonRootPlusPodContext, restrictedPlusContext } from '../platform/security.js';
import type { RunAs } from '../platform/security.js';
import { apiMetadata, type ApiObjectIdentity } from './api-objects.js';

/** Everything the API's pods are made of. */
export interface ApiDeploymentProps {
  readonly identity: ApiObjectIdentity;
  readonly image: string;
  readonly port: number;
  readonly runAs: RunAs;
  /** The ConfigMap the environment is read from, and its content (hashed into the pod template). */
  readonly configMap: kplus.ConfigMap;
  readonly environment: Readonly<Record<string, string>>;
  readonly secretEnvironment: Readonly<Record<string, SecretEnv>>;
  readonly resources: ContainerResources;
  readonly heapLimitMiB: number;
  readonly preStopSeconds: number;
  readonly terminationGracePeriodSeconds: number;
}

/** The Deployment of the API: no replica count (the HPA owns it), probes, graceful stop, spread over nodes. */
export function apiDeployment(scope: Construct, props: ApiDeploymentProps): kplus.Deployment {
  const { identity, port } = props;
  const tmp = kplus.Volume.fromEmptyDir(scope, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(64) });
  const deployment = new kplus.Deployment(scope, 'deployment', {
    metadata: apiMetadata(identity),
    select: false,
    podMetadata: {
      labels: { ...identity.labels },
      annotations: {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port),
        'prometheus.io/path': '/metrics',
        // Environment from a ConfigMap is read at start only: a new checksum rolls the pods.
        'checksum/config': createHash('sha256').update(JSON.stringify(props.environment)).digest('hex'),
      },
    },
    strategy: kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.absolute(1),
      maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
    }),
    automountServiceAccountToken: false,
    terminationGracePeriod: Duration.seconds(props.terminationGracePeriodSeconds),
    securityContext: nonRootPlusPodContext(props.runAs),
    volumes: [tmp],
    containers: [
      {
        name: 'api',
        image: props.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: [{ number: port, name: 'http' }],
        envFrom: [kplus.Env.fromConfigMap(props.configMap)],
        envVariables: {
          NODE_OPTIONS: heapCapValue(props.heapLimitMiB),
          ...secretEnvValues(scope, props.secretEnvironment),
        },
        resources: plusResources(props.resources),
        startup: kplus.Probe.fromHttpGet('/health/live', {
          port,
          periodSeconds: Duration.seconds(2),
          failureThreshold: 30,
          timeoutSeconds: Duration.seconds(2),
        }),
        readiness: kplus.Probe.fromHttpGet('/health/ready', {
          port,
          periodSeconds: Duration.seconds(5),
          failureThreshold: 2,
          timeoutSeconds: Duration.seconds(2),
        }),
        liveness: kplus.Probe.fromHttpGet('/health/live', {
          port,
          periodSeconds: Duration.seconds(10),
          failureThreshold: 3,
          timeoutSeconds: Duration.seconds(2),
        }),
        lifecycle: {
          // The image has node but maybe no shell; a timer keeps the dependency to node alone.
          preStop: kplus.Handler.fromCommand(['node', '-e', `setTimeout(() => {}, ${props.preStopSeconds * 1000})`]),
        },
        securityContext: restrictedPlusContext(props.runAs),
        volumeMounts: [{ path: '/tmp', volume: tmp }],
      },
    ],
  });
  deployment.select(kplus.LabelSelector.of({ labels: { ...identity.selector } }));
  ApiObject.of(deployment).addJsonPatch(
    JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: identity.selector },
        matchLabelKeys: ['pod-template-hash'],
      },
    ]),
  );
  tidyPodTemplate(deployment);
  return deployment;
}
