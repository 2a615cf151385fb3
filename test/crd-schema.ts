import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { strict } from './k8s-schema.js';

/**
 * A validator for the stored version of a CRD file, made strict (an unknown field is an error,
 * where Kubernetes would silently drop it).
 */
export function crdValidator(dir: string, file: string): ValidateFunction {
  const crd = parse(readFileSync(join(dir, file), 'utf8'));
  const version = crd.spec.versions.find((v: { storage: boolean }) => v.storage);
  // strictTypes off: int-or-string fields carry a pattern without a type, as Kubernetes allows.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  ajv.addKeyword('x-kubernetes-preserve-unknown-fields');
  ajv.addKeyword('x-kubernetes-int-or-string');
  ajv.addKeyword('x-kubernetes-validations');
  ajv.addKeyword('x-kubernetes-list-type');
  ajv.addKeyword('x-kubernetes-list-map-keys');
  ajv.addKeyword('x-kubernetes-map-type');
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  return ajv.compile(strict(version.schema.openAPIV3Schema) as object);
}
