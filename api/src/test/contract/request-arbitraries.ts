import fc from 'fast-check';
import type { GeneratedRequest } from './document-verdict.js';
import type { JsonSchema, OperationContract, SchemaSlot } from './operations.js';
import { invalidText, invalidValue, validText, validValue } from './schema-arbitraries.js';

function validBody(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties: Record<string, JsonSchema> = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, validValue(property)]));
  return fc.record(model, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<Record<string, unknown>>;
}

function validQuery(slots: readonly SchemaSlot[]): fc.Arbitrary<Record<string, string>> {
  const model = Object.fromEntries(slots.map((slot) => [slot.name, validText(slot.schema)]));
  const required = slots.filter((slot) => slot.required).map((slot) => slot.name);
  return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, string>>;
}

function validPath(slots: readonly SchemaSlot[]): fc.Arbitrary<Record<string, string>> {
  return fc.record(Object.fromEntries(slots.map((slot) => [slot.name, validText(slot.schema)])));
}

/** A request built to satisfy every schema of the operation. */
export function validRequest(operation: OperationContract): fc.Arbitrary<GeneratedRequest> {
  return fc.record({
    pathValues: validPath(operation.pathParams),
    queryValues: validQuery(operation.queryParams),
    body: operation.body ? validBody(operation.body) : fc.constant(undefined),
  });
}

type Mutation = (request: GeneratedRequest) => fc.Arbitrary<GeneratedRequest>;

/** The ways one part of a valid request can be broken. */
function mutations(operation: OperationContract): Mutation[] {
  const found: Mutation[] = [];
  for (const slot of operation.pathParams) {
    found.push((request) =>
      invalidText(slot.schema).map((text) => ({
        ...request,
        pathValues: { ...request.pathValues, [slot.name]: text },
      })),
    );
  }
  for (const slot of operation.queryParams) {
    found.push((request) =>
      invalidText(slot.schema).map((text) => ({
        ...request,
        queryValues: { ...request.queryValues, [slot.name]: text },
      })),
    );
  }
  const body = operation.body;
  if (body) {
    const properties: Record<string, JsonSchema> = body.properties ?? {};
    for (const [name, property] of Object.entries(properties)) {
      found.push((request) =>
        invalidValue(property).map((value) => ({ ...request, body: { ...(request.body as object), [name]: value } })),
      );
    }
    for (const name of body.required ?? []) {
      found.push((request) => {
        const { [name]: _removed, ...rest } = request.body as Record<string, unknown>;
        return fc.constant({ ...request, body: rest });
      });
    }
    found.push((request) =>
      fc
        .string({ minLength: 1, maxLength: 12 })
        .filter((name) => !(name in properties) && name !== '__proto__')
        .map((name) => ({ ...request, body: { ...(request.body as object), [name]: 'unexpected' } })),
    );
    found.push((request) => fc.constantFrom([], 'text', 42, null).map((value) => ({ ...request, body: value })));
  }
  return found;
}

/** A valid request with one part broken: a parameter, a body property, a missing or an unknown property. */
export function invalidRequest(operation: OperationContract): fc.Arbitrary<GeneratedRequest> | undefined {
  const found = mutations(operation);
  if (found.length === 0) return undefined;
  return fc
    .tuple(validRequest(operation), fc.integer({ min: 0, max: found.length - 1 }))
    .chain(([request, index]) => found[index](request));
}

/** The URL of a generated request. */
export function urlOf(operation: OperationContract, request: GeneratedRequest): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    encodeURIComponent(request.pathValues[name] ?? ''),
  );
  const query = new URLSearchParams(request.queryValues).toString();
  return query ? `${path}?${query}` : path;
}
