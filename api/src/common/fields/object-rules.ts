/** A JSON Schema fragment. */
export type SchemaObject = Record<string, unknown>;

/**
 * Rules over several properties of a body, by the name of its class (which is its schema's name).
 * The services enforce them (400 `VALIDATION_FAILED`); these decorators state them in the document,
 * and the property-based contract test holds the two together.
 */
const rulesBySchemaName = new Map<string, SchemaObject[]>();

function addRule(rule: SchemaObject): ClassDecorator {
  return (target) => {
    rulesBySchemaName.set(target.name, [...(rulesBySchemaName.get(target.name) ?? []), rule]);
  };
}

/** Exactly one of the properties must be sent. */
export function RequireExactlyOneOf(...properties: string[]): ClassDecorator {
  if (properties.length < 2) throw new Error('RequireExactlyOneOf: name at least two properties.');
  return addRule({ oneOf: properties.map((property) => ({ required: [property] })) });
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
