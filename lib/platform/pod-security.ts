/** Pod Security Admission levels. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** Namespace labels that enforce, audit and warn about `level`, pinned to the policy `version`. */
export function podSecurityLabels(level: PodSecurityLevel, version: string): Record<string, string> {
  return Object.fromEntries(
    ['enforce', 'audit', 'warn'].flatMap((mode) => [
      [`pod-security.kubernetes.io/${mode}`, level],
      [`pod-security.kubernetes.io/${mode}-version`, version],
    ]),
  );
}
