import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { apiMetadata, type ApiObjectIdentity } from './api-objects.js';

/**
 * One pod at a time may be evicted voluntarily; with minReplicas 2 one always serves. AlwaysAllow
 * lets a drain evict pods that are already failing instead of blocking on them.
 */
export function apiDisruptionBudget(scope: Construct, identity: ApiObjectIdentity): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(scope, 'pdb', {
    metadata: apiMetadata(identity),
    spec: {
      maxUnavailable: k8s.IntOrString.fromNumber(1),
      selector: { matchLabels: { ...identity.selector } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}
