/**
 * The deployment policy every synthesized manifest must meet. Each rule returns sentences naming
 * the object and what is wrong; an empty list means compliant.
 */
import { podSpecs } from './manifests.js';
import type { Manifest } from './manifests.js';

const id = (o: Manifest) => `${o.kind}/${o.metadata.name}${o.metadata.namespace ? ` in ${o.metadata.namespace}` : ''}`;
const containersOf = (spec: any): any[] => [...(spec.initContainers ?? []), ...(spec.containers ?? [])];

/** Volume types Pod Security "restricted" allows. */
const restrictedVolumeTypes = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** Namespaces whose Namespace object enforces Pod Security "restricted". */
export function restrictedNamespaces(objects: readonly Manifest[]): string[] {
  return objects
    .filter((o) => o.kind === 'Namespace' && o.metadata.labels?.['pod-security.kubernetes.io/enforce'] === 'restricted')
    .map((o) => o.metadata.name);
}

/** Pod Security Standard "restricted" (v1.28) for every pod template in a restricted namespace. */
export function podSecurityRestricted(objects: readonly Manifest[]): string[] {
  const namespaces = restrictedNamespaces(objects);
  const problems: string[] = [];
  for (const { owner, spec } of podSpecs(objects)) {
    if (!namespaces.includes(owner.metadata.namespace ?? '')) continue;
    const where = id(owner);
    const pod = spec.securityContext ?? {};
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC'])
      if (spec[field] === true) problems.push(`${where}: ${field} is true`);
    for (const volume of spec.volumes ?? []) {
      const type = Object.keys(volume).find((k) => k !== 'name');
      if (!type || !restrictedVolumeTypes.includes(type))
        problems.push(`${where}: volume ${volume.name} of type ${type} is not allowed`);
    }
    if (['Unconfined'].includes(pod.seccompProfile?.type)) problems.push(`${where}: pod seccomp is Unconfined`);
    if (pod.runAsUser === 0) problems.push(`${where}: pod runs as user 0`);
    for (const container of containersOf(spec)) {
      const c = `${where} container ${container.name}`;
      const sc = container.securityContext ?? {};
      if (sc.privileged === true) problems.push(`${c}: privileged`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${c}: allowPrivilegeEscalation is not false`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${c}: capabilities do not drop ALL`);
      const added = (sc.capabilities?.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
      if (added.length > 0) problems.push(`${c}: adds capabilities ${added.join(', ')}`);
      if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${c}: runAsNonRoot is not true`);
      if ((sc.runAsUser ?? pod.runAsUser) === 0) problems.push(`${c}: runs as user 0`);
      const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
        problems.push(`${c}: seccomp profile is ${seccomp ?? 'unset'}`);
      if ((container.ports ?? []).some((p: any) => p.hostPort)) problems.push(`${c}: uses a hostPort`);
    }
  }
  return problems;
}

/** Every container requests CPU and memory and has a memory limit. */
export function resourcesSet(objects: readonly Manifest[]): string[] {
  return podSpecs(objects).flatMap(({ owner, spec }) =>
    containersOf(spec).flatMap((container) => {
      const r = container.resources ?? {};
      const missing = [
        r.requests?.cpu === undefined && 'a CPU request',
        r.requests?.memory === undefined && 'a memory request',
        r.limits?.memory === undefined && 'a memory limit',
      ].filter(Boolean);
      return missing.length ? [`${id(owner)} container ${container.name} lacks ${missing.join(', ')}`] : [];
    }),
  );
}

/** Long-running containers (not Jobs, not init containers) have readiness and liveness probes. */
export function probesSet(objects: readonly Manifest[]): string[] {
  return podSpecs(objects)
    .filter(({ owner }) => ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod'].includes(owner.kind))
    .flatMap(({ owner, spec }) =>
      (spec.containers ?? []).flatMap((container: any) => {
        const missing = [!container.readinessProbe && 'readiness', !container.livenessProbe && 'liveness'].filter(
          Boolean,
        );
        return missing.length ? [`${id(owner)} container ${container.name} has no ${missing.join(' or ')} probe`] : [];
      }),
    );
}

/** Every image names a version (or digest); none is `latest` or untagged. */
export function imagesPinned(objects: readonly Manifest[]): string[] {
  return podSpecs(objects).flatMap(({ owner, spec }) =>
    containersOf(spec).flatMap((container) => {
      const image: string = container.image ?? '';
      if (image.includes('@sha256:')) return [];
      const lastSegment = image.split('/').pop() ?? '';
      const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
      if (!tag) return [`${id(owner)} container ${container.name}: image "${image}" has no tag`];
      if (tag === 'latest') return [`${id(owner)} container ${container.name}: image "${image}" uses latest`];
      return [];
    }),
  );
}

/** No Secret object carries data: credentials are created in the cluster, never rendered. */
export function noSecretData(objects: readonly Manifest[]): string[] {
  return objects
    .filter(
      (o) =>
        o.kind === 'Secret' && (Object.keys(o.data ?? {}).length > 0 || Object.keys(o.stringData ?? {}).length > 0),
    )
    .map((o) => `${id(o)} holds data`);
}

// Names that denote a secret value (JWT_SECRET, DB_PASSWORD), not a reference to one (SECRET_NAME).
const secretName = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|CREDENTIALS?|_PASS)$/i;
const pointsToFile = /_FILE$/i;

/** Secret-looking environment variables and ConfigMap keys never hold a literal value. */
export function noLiteralSecrets(objects: readonly Manifest[]): string[] {
  const fromEnv = podSpecs(objects).flatMap(({ owner, spec }) =>
    containersOf(spec).flatMap((container) =>
      (container.env ?? [])
        .filter((e: any) => secretName.test(e.name) && !pointsToFile.test(e.name) && e.value !== undefined)
        .map((e: any) => `${id(owner)} container ${container.name}: ${e.name} is a literal value`),
    ),
  );
  const fromConfigMaps = objects
    .filter((o) => o.kind === 'ConfigMap')
    .flatMap((o) =>
      Object.keys(o.data ?? {})
        .filter((key) => secretName.test(key) && !pointsToFile.test(key))
        .map((key) => `${id(o)}: key ${key} looks secret`),
    );
  return [...fromEnv, ...fromConfigMaps];
}

/** Every Service with a selector selects the pod template of some workload in its namespace. */
export function servicesSelectPods(objects: readonly Manifest[]): string[] {
  const pods = podSpecs(objects).map(({ owner, metadata }) => ({
    namespace: owner.metadata.namespace,
    labels: metadata.labels ?? {},
  }));
  return objects
    .filter((o) => o.kind === 'Service' && o.spec?.selector && Object.keys(o.spec.selector).length > 0)
    .filter(
      (service) =>
        !pods.some(
          (pod) =>
            pod.namespace === service.metadata.namespace &&
            Object.entries(service.spec.selector).every(([key, value]) => pod.labels[key] === value),
        ),
    )
    .map((service) => `${id(service)} selects no pods`);
}

/** Names generated with a hash (`lms-api-c8f4c39f`) are unreadable in kubectl output. */
export function noHashSuffixes(objects: readonly Manifest[]): string[] {
  const hashed = (name: string) => {
    const last = name.split('-').pop() ?? '';
    return name.includes('-') && /^[0-9a-f]{8,}$/.test(last) && /\d/.test(last);
  };
  const claimNames = objects.flatMap((o) =>
    (o.spec?.volumeClaimTemplates ?? []).map((t: any) => ({ o, name: t.metadata?.name ?? '' })),
  );
  return [
    ...objects.filter((o) => hashed(o.metadata.name)).map((o) => `${id(o)} has a hash suffix`),
    ...claimNames
      .filter(({ name }) => hashed(name))
      .map(({ o, name }) => `${id(o)} claim template ${name} has a hash suffix`),
  ];
}

/** Selectors of workloads, Services, PDBs and HPAs never include the version label. */
export function selectorsWithoutVersion(objects: readonly Manifest[]): string[] {
  return objects.flatMap((o) => {
    const selector = o.kind === 'Service' ? o.spec?.selector : o.spec?.selector?.matchLabels;
    return selector && 'app.kubernetes.io/version' in selector ? [`${id(o)} selects by version`] : [];
  });
}

const hookPhases = ['PreSync', 'Sync', 'PostSync', 'SyncFail', 'PostDelete', 'Skip'];
const hookDeletePolicies = ['HookSucceeded', 'HookFailed', 'BeforeHookCreation'];

/** Argo CD hook and wave annotations use values Argo CD understands; Jobs are always hooks. */
export function argoAnnotationsValid(objects: readonly Manifest[]): string[] {
  return objects.flatMap((o) => {
    const a = o.metadata.annotations ?? {};
    const problems: string[] = [];
    const wave = a['argocd.argoproj.io/sync-wave'];
    if (wave !== undefined && !/^-?\d+$/.test(wave)) problems.push(`${id(o)}: sync-wave "${wave}" is not an integer`);
    const hooks = a['argocd.argoproj.io/hook'];
    for (const hook of hooks?.split(',') ?? [])
      if (!hookPhases.includes(hook.trim())) problems.push(`${id(o)}: unknown hook "${hook}"`);
    const deletes = a['argocd.argoproj.io/hook-delete-policy'];
    if (deletes !== undefined && hooks === undefined) problems.push(`${id(o)}: hook-delete-policy without a hook`);
    for (const policy of deletes?.split(',') ?? []) {
      if (!hookDeletePolicies.includes(policy.trim()))
        problems.push(`${id(o)}: unknown hook-delete-policy "${policy}"`);
    }
    return problems;
  });
}

/** A plain Job cannot be updated in place (its template is immutable); as a hook it is replaced. */
export function jobsAreHooks(objects: readonly Manifest[]): string[] {
  return objects
    .filter((o) => o.kind === 'Job' && !o.metadata.annotations?.['argocd.argoproj.io/hook'])
    .map((o) => `${id(o)}: Job is not an Argo CD hook`);
}

/** Every rule by name, for running them all over a set of objects. */
export const policies = {
  podSecurityRestricted,
  resourcesSet,
  probesSet,
  imagesPinned,
  noSecretData,
  noLiteralSecrets,
  servicesSelectPods,
  noHashSuffixes,
  selectorsWithoutVersion,
  argoAnnotationsValid,
} as const;
