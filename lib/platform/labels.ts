/** What identifies one component of the system in the `app.kubernetes.io` label scheme. */
export interface ComponentIdentity {
  /** `app.kubernetes.io/name`, also the name of the component's main objects, e.g. `lms-api`. */
  readonly name: string;
  /** `app.kubernetes.io/component`, e.g. `api` or `database`. */
  readonly component: string;
  /** `app.kubernetes.io/version`: the image tag or upstream version. */
  readonly version: string;
  /** `app.kubernetes.io/part-of`. @default 'lms' */
  readonly partOf?: string;
  /** `app.kubernetes.io/instance`. @default the value of `partOf` */
  readonly instance?: string;
}

/** The label value `app.kubernetes.io/managed-by` carries on everything this app renders. */
export const managedBy = 'cdk8s';

/** Labels that select a component's pods: stable across upgrades, so the version is left out. */
export function selectorLabels(id: ComponentIdentity): Record<string, string> {
  const partOf = id.partOf ?? 'lms';
  return {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': id.instance ?? partOf,
    'app.kubernetes.io/component': id.component,
    'app.kubernetes.io/part-of': partOf,
  };
}

/** Every standard label of a component, for metadata (never for selectors). */
export function componentLabels(id: ComponentIdentity): Record<string, string> {
  const version = id.version.length > 63 ? id.version.slice(0, 63) : id.version;
  return { ...selectorLabels(id), 'app.kubernetes.io/version': version, 'app.kubernetes.io/managed-by': managedBy };
}
