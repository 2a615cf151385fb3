/**
 * The entries of `values` that are set. Config sections carry only overrides, and a construct
 * applies its defaults with `{ ...DEFAULTS, ...props }`, where an explicit `undefined` would
 * replace the default; charts pass config values through this to keep the defaults.
 */
export function overridesOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
