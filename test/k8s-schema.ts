/**
 * Validation of manifests against the Kubernetes API schema, two ways:
 * - `kubernetes-models` (always available): required fields, types, enums;
 * - the Kubernetes 1.28 OpenAPI definitions in test/fixtures/schemas, made strict so that an
 *   unknown field anywhere in an object is an error, as `kubectl apply --validate=strict` does.
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { kubernetesDefinitions } from './fixtures.js';
import type { Manifest } from './manifests.js';

/** The Kubernetes 1.28 definitions `dist/` is validated against. */
export const definitionsPath = kubernetesDefinitions('1.28.0');

/** Problems found in one object; empty when it is valid. */
export type Problems = string[];

/** Validates with the matching `kubernetes-models` class (types, required fields, enums). */
export async function validateWithModels(object: Manifest): Promise<Problems> {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const modulePath = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  let module: Record<string, unknown>;
  try {
    module = (await import(modulePath)) as Record<string, unknown>;
  } catch {
    return [`no kubernetes-models module for ${object.apiVersion}`];
  }
  const Model = module[object.kind] as (new (data: unknown) => { validate(): void }) | undefined;
  if (!Model) return [`kubernetes-models has no ${object.kind} in ${object.apiVersion}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [String((error as Error).message)];
  }
}

/**
 * Adds `additionalProperties: false` to every object schema that lists its properties, except where
 * Kubernetes keeps unknown fields (`x-kubernetes-preserve-unknown-fields`). Also used for CRD schemas.
 */
export function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strict(v)]))
        : strict(value);
  }
  if ('properties' in copy && !('additionalProperties' in copy) && !copy['x-kubernetes-preserve-unknown-fields']) {
    copy.additionalProperties = false;
  }
  return copy;
}

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** A strict validator over the Kubernetes definitions, keyed by apiVersion and kind. */
export class StrictKubernetesSchema {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  private readonly byKind = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(path: string = definitionsPath) {
    const { definitions } = JSON.parse(readFileSync(path, 'utf8')) as {
      definitions: Record<string, Record<string, unknown>>;
    };
    for (const [name, definition] of Object.entries(definitions)) {
      for (const gvk of (definition['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined) ?? []) {
        this.byKind.set(`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`, name);
      }
    }
    this.ajv.addSchema({ $id: 'k8s.json', definitions: strict(definitions) as object });
  }

  /** True if the definitions describe this apiVersion and kind. */
  knows(object: Manifest): boolean {
    return this.byKind.has(`${object.apiVersion}/${object.kind}`);
  }

  /** Problems of one object, as JSON pointers with messages. */
  validate(object: Manifest): Problems {
    const name = this.byKind.get(`${object.apiVersion}/${object.kind}`);
    if (!name) return [`unknown apiVersion/kind ${object.apiVersion}/${object.kind}`];
    let validate = this.compiled.get(name);
    if (!validate) {
      validate = this.ajv.getSchema(`k8s.json#/definitions/${name}`);
      if (!validate) throw new Error(`definition ${name} did not compile`);
      this.compiled.set(name, validate);
    }
    if (validate(object)) return [];
    return (validate.errors ?? []).map(describe);
  }
}

function describe(error: ErrorObject): string {
  const extra =
    error.keyword === 'additionalProperties'
      ? ` '${(error.params as { additionalProperty: string }).additionalProperty}'`
      : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}
