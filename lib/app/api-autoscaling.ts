import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { apiMetadata, type ApiObjectIdentity } from './api-objects.js';

/** How the HorizontalPodAutoscaler of the API reacts to load (the replica bounds are props of NestApi). */
export interface ApiAutoscaling {
  /** Average CPU use the HPA aims for, in percent of the CPU request. @default 50 */
  readonly cpuUtilizationPercent?: number;
  /** Average memory use the HPA aims for, in percent of the memory request. @default 70 */
  readonly memoryUtilizationPercent?: number;
  /**
   * How fast pods are added: the larger of the policies wins and no stabilization window delays it,
   * so a burst is met within one metrics period.
   * @default - the larger of +100% or +2 pods per 15 seconds, no stabilization window
   */
  readonly scaleUp?: kplus.ScalingRules;
  /**
   * How fast pods are removed: after a quiet minute, half of them per minute at most.
   * @default - at most -50% per 60 seconds after a 60-second stabilization window
   */
  readonly scaleDown?: kplus.ScalingRules;
}

export const API_AUTOSCALING_DEFAULTS = {
  cpuUtilizationPercent: 50,
  memoryUtilizationPercent: 70,
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
} satisfies Required<ApiAutoscaling>;

/** Where and between which bounds the HPA scales. */
export interface ApiAutoscalerProps {
  readonly identity: ApiObjectIdentity;
  readonly target: kplus.Deployment;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly autoscaling: ApiAutoscaling;
}

/** Throws a sentence unless the replica bounds and utilization targets can be honoured. */
export function validateAutoscaling(minReplicas: number, maxReplicas: number, autoscaling: ApiAutoscaling): void {
  if (!Number.isInteger(minReplicas) || minReplicas < 1) {
    throw new Error(`'minReplicas' is ${minReplicas}; it must be a whole number of at least 1.`);
  }
  if (maxReplicas < minReplicas) {
    throw new Error(`'maxReplicas' (${maxReplicas}) must be at least 'minReplicas' (${minReplicas}).`);
  }
  const targets = { ...API_AUTOSCALING_DEFAULTS, ...autoscaling };
  for (const key of ['cpuUtilizationPercent', 'memoryUtilizationPercent'] as const) {
    const value = targets[key];
    if (!Number.isInteger(value) || value < 1 || value > 100) {
      throw new Error(`'autoscaling.${key}' is ${value}; it must be a whole percentage from 1 to 100.`);
    }
  }
}

/** The HorizontalPodAutoscaler that alone sets the Deployment's replica count. */
export function apiAutoscaler(scope: Construct, props: ApiAutoscalerProps): kplus.HorizontalPodAutoscaler {
  const autoscaling = { ...API_AUTOSCALING_DEFAULTS, ...props.autoscaling };
  return new kplus.HorizontalPodAutoscaler(scope, 'hpa', {
    metadata: apiMetadata(props.identity),
    target: props.target,
    minReplicas: props.minReplicas,
    maxReplicas: props.maxReplicas,
    metrics: [
      kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(autoscaling.cpuUtilizationPercent)),
      kplus.Metric.resourceMemory(kplus.MetricTarget.averageUtilization(autoscaling.memoryUtilizationPercent)),
    ],
    scaleUp: autoscaling.scaleUp,
    scaleDown: autoscaling.scaleDown,
  });
}
