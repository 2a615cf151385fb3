import type { Chart } from 'cdk8s';

/** An API group and kind, as Argo CD's AppProject whitelists name them (`''` is the core group). */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/** One cluster-scoped object, named. */
export interface ClusterObjectRef extends GroupKind {
  readonly name: string;
}

/** What a set of charts puts on a cluster: enough to draw an AppProject's limits around it. */
export interface ChartFootprint {
  /** Namespaces the namespaced objects land in, plus the Namespace objects themselves; sorted. */
  readonly namespaces: readonly string[];
  /** The cluster-scoped objects (Namespaces, ClusterRoles, …) by kind and name; sorted. */
  readonly clusterObjects: readonly ClusterObjectRef[];
  /** Kinds of namespaced objects (Deployment, Service, …); sorted. */
  readonly namespacedKinds: readonly GroupKind[];
}

/**
 * Kinds that Kubernetes serves without a namespace. An object of one of these kinds is cluster-scoped
 * even if a chart's default namespace leaked into its metadata.
 */
const clusterScoped = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass',
  'networking.k8s.io/IngressClass',
  'node.k8s.io/RuntimeClass',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'certificates.k8s.io/CertificateSigningRequest',
]);

interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → ``). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether Kubernetes serves `kind` of `group` without a namespace. */
export function isClusterScoped({ group, kind }: GroupKind): boolean {
  return clusterScoped.has(`${group}/${kind}`);
}

const byGroupKind = (a: GroupKind, b: GroupKind) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind);
const byGroupKindName = (a: ClusterObjectRef, b: ClusterObjectRef) => byGroupKind(a, b) || a.name.localeCompare(b.name);

/**
 * Measures the footprint of `charts` from their rendered manifests (after JSON patches). Throws if a
 * namespaced object has no namespace, because Argo CD would then put it wherever the Application's
 * destination points, which no chart author meant.
 */
export function chartFootprint(charts: readonly Chart[]): ChartFootprint {
  const namespaces = new Set<string>();
  const clusterObjects = new Map<string, ClusterObjectRef>();
  const namespacedKinds = new Map<string, GroupKind>();
  for (const chart of charts) {
    for (const manifest of chart.toJson() as Manifest[]) {
      const groupKind = { group: apiGroup(manifest.apiVersion), kind: manifest.kind };
      const key = `${groupKind.group}/${groupKind.kind}`;
      const namespace = manifest.metadata?.namespace;
      const name = manifest.metadata?.name ?? '';
      if (isClusterScoped(groupKind)) {
        clusterObjects.set(`${key}/${name}`, { ...groupKind, name });
        if (key === '/Namespace') {
          namespaces.add(name);
        }
      } else if (namespace) {
        namespacedKinds.set(key, groupKind);
        namespaces.add(namespace);
      } else {
        throw new Error(
          `${manifest.kind} "${name}" in chart "${chart.node.id}" has no namespace; ` +
            'give the chart a namespace, or if the kind is cluster-scoped add it to the list in lib/argocd/chart-footprint.ts.',
        );
      }
    }
  }
  return {
    namespaces: [...namespaces].sort(),
    clusterObjects: [...clusterObjects.values()].sort(byGroupKindName),
    namespacedKinds: [...namespacedKinds.values()].sort(byGroupKind),
  };
}
