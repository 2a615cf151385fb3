import * as kplus from 'cdk8s-plus-28';
import type { k8s } from 'cdk8s-plus-28';

/** A numeric identity for a container; numeric so the kubelet can verify `runAsNonRoot`. */
export interface RunAs {
  readonly user: number;
  readonly group: number;
}

/**
 * The container security context of Pod Security "restricted", plus a read-only root filesystem,
 * for cdk8s-plus containers.
 */
export function restrictedPlusContext(runAs: RunAs): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: runAs.user,
    group: runAs.group,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}

/** The same restricted container security context for `k8s` L1 objects. */
export function restrictedKubeContext(runAs: RunAs): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: runAs.user,
    runAsGroup: runAs.group,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Pod-level security of a cdk8s-plus workload: non-root as `runAs`, volumes re-owned only when needed. */
export function nonRootPlusPodContext(runAs: RunAs): kplus.PodSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: runAs.user,
    group: runAs.group,
    fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
  };
}
