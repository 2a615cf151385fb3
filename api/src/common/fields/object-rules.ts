/** A JSON Schema fragment. */
export type SchemaObject = Record<string, unknown>;

import { ExactlyOneOf } from '../validation.js';

/**
 * Rules over several properties of a body, kept by the name of its class (which is its schema's name)
 * for the OpenAPI document. `RequireExactlyOneOf` also validates; the users service enforces
 * `RequireTogether` (400 `VALIDATION_FAILED`), and the property-based contract test holds the two together.
 */
const rulesBySchemaName = new Map<string, SchemaObject[]>();

function addRule(rule: SchemaObject): ClassDecorator {
  return (target) => {
    rulesBySchemaName.set(target.name, [...(rulesBySchemaName.get(target.name) ?? []), rule]);
  };
}

/**
 * Exactly one of the properties must be sent; `detail` is the problem's detail when not. The
 * properties' own validators must run when they are absent (`UuidField({ checkedWhenAbsent: true })`).
 */
export function RequireExactlyOneOf(properties: readonly string[], detail: string): ClassDecorator {
  if (properties.length < 2) throw new Error('RequireExactlyOneOf: name at least two properties.');
  const document = addRule({ oneOf: properties.map((property) => ({ required: [property] })) });
  const validation = ExactlyOneOf(properties, detail);
  return (target) => {
    for (const property of properties) validation(target.prototype, property);
    document(target);
  };
}

/** The properties are sent all together or not at all. */
export function RequireTogether(...properties: string[]): ClassDecorator {
  if (properties.length < 2) throw new Error('RequireTogether: name at least two properties.');
  return addRule({
    anyOf: [{ required: properties }, { not: { anyOf: properties.map((property) => ({ required: [property] })) } }],
  });
}

/** The cross-property rules of a schema, as JSON Schema to add with `allOf`. */
export function objectRulesOf(schemaName: string): readonly SchemaObject[] {
  return rulesBySchemaName.get(schemaName) ?? [];
}
