import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';

/** A pod set that receives traffic on some ports from some peers. */
export interface IngressRule {
  /** Name of the NetworkPolicy. */
  readonly name: string;
  readonly namespace: string;
  /** The receiving pods. `{}` selects every pod of the namespace. */
  readonly podSelector: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
  /** Allowed senders; undefined allows every source (e.g. users reaching Grafana). */
  readonly from?: readonly { readonly namespace: string; readonly podSelector: Readonly<Record<string, string>> }[];
}

export interface MonitoringNetworkPoliciesProps {
  /** Namespaces where all ingress not allowed by a rule is denied. */
  readonly denyIngressIn: readonly string[];
  readonly rules: readonly IngressRule[];
}

/**
 * Default-deny ingress for the monitoring namespace, plus the paths the stack needs: Grafana to its datasources,
 * collectors to Loki, Prometheus to its targets. Egress is left open: Prometheus must reach kubelets on node
 * addresses that a NetworkPolicy cannot name portably.
 */
export class MonitoringNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringNetworkPoliciesProps) {
    super(scope, id);
    for (const namespace of props.denyIngressIn) {
      new k8s.KubeNetworkPolicy(this, `deny-${namespace}`, {
        metadata: { name: `${namespace}-default-deny-ingress`, namespace },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
    }
    const names = new Set<string>();
    for (const rule of props.rules) {
      const key = `${rule.namespace}/${rule.name}`;
      if (names.has(key)) throw new Error(`NetworkPolicy '${key}' is declared twice.`);
      names.add(key);
      if (rule.ports.length === 0) throw new Error(`NetworkPolicy '${key}' must allow at least one port.`);
      new k8s.KubeNetworkPolicy(this, key, {
        metadata: { name: rule.name, namespace: rule.namespace },
        spec: {
          podSelector: { matchLabels: { ...rule.podSelector } },
          policyTypes: ['Ingress'],
          ingress: [
            {
              ports: rule.ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })),
              ...(rule.from
                ? {
                    from: rule.from.map((peer) => ({
                      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } },
                      podSelector: { matchLabels: { ...peer.podSelector } },
                    })),
                  }
                : {}),
            },
          ],
        },
      });
    }
  }
}
