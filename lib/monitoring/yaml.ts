import { stringify } from 'yaml';

/** YAML for configuration files: no anchors or aliases (shared objects are written out in full), no folding. */
export function toYaml(value: unknown): string {
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });
}
