import { ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { podSecurityLabels, type PodSecurityLevel } from './pod-security.js';
import { syncWave } from './sync-order.js';

/** Props of {@link RestrictedNamespace}. */
export interface RestrictedNamespaceProps {
  readonly name: string;
  /** Level enforced, audited and warned about. @default 'restricted' */
  readonly podSecurity?: PodSecurityLevel;
  /** Policy version the level is pinned to, so a cluster upgrade cannot tighten it unannounced. @default 'v1.28' */
  readonly podSecurityVersion?: string;
  /** Render a NetworkPolicy that denies all ingress not allowed by another policy. @default true */
  readonly defaultDenyIngress?: boolean;
  /** Extra labels on the Namespace. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Argo CD sync wave of the Namespace and the policy. @default -3 */
  readonly syncWave?: number;
}

export const RESTRICTED_NAMESPACE_DEFAULTS = {
  podSecurity: 'restricted',
  podSecurityVersion: 'v1.28',
  defaultDenyIngress: true,
  labels: {},
  syncWave: -3,
} as const satisfies Partial<RestrictedNamespaceProps>;

/**
 * A Namespace labelled for Pod Security Admission (enforce, audit and warn at one pinned version)
 * and, by default, a `default-deny-ingress` NetworkPolicy.
 */
export class RestrictedNamespace extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: RestrictedNamespaceProps) {
    super(scope, id);
    const p = { ...RESTRICTED_NAMESPACE_DEFAULTS, ...props };
    const { podSecurity: level, podSecurityVersion: version } = p;
    if (!/^v1\.\d+$/.test(version)) {
      throw new Error(`podSecurityVersion "${version}" must be pinned to a release like v1.28, not "latest".`);
    }
    this.name = props.name;
    const annotations = syncWave(p.syncWave);
    const psa = podSecurityLabels(level, version);
    const namespace = new k8s.KubeNamespace(this, 'namespace', {
      metadata: { name: props.name, labels: { ...props.labels, ...psa }, annotations },
    });
    // A chart's default namespace would otherwise land on this cluster-scoped object too.
    ApiObject.of(namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));

    if (p.defaultDenyIngress) {
      new k8s.KubeNetworkPolicy(this, 'default-deny-ingress', {
        metadata: { name: 'default-deny-ingress', namespace: props.name, labels: props.labels, annotations },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
    }
  }
}
