/** One parameter or body property of an operation, with its JSON Schema. */
export interface SchemaSlot {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export type JsonSchema = Record<string, any>;

/** What an operation of the document accepts, gathered from its parameters and request body. */
export interface OperationContract {
  readonly method: string;
  /** The path template, e.g. `/api/v1/books/{id}`. */
  readonly path: string;
  readonly label: string;
  readonly pathParams: readonly SchemaSlot[];
  readonly queryParams: readonly SchemaSlot[];
  /** The request body's schema, dereferenced; absent when the operation takes none. */
  readonly body?: JsonSchema;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function dereference(document: JsonSchema, schema: JsonSchema): JsonSchema {
  if (typeof schema.$ref !== 'string') return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return document.components.schemas[name];
}

/** Every operation of an OpenAPI 3.0 document. */
export function operationsOf(document: JsonSchema): OperationContract[] {
  return Object.entries(document.paths).flatMap(([path, pathItem]: [string, any]) =>
    METHODS.filter((method) => pathItem[method]).map((method) => {
      const operation = pathItem[method];
      const parameters: any[] = operation.parameters ?? [];
      const slots = (where: string) =>
        parameters
          .filter((parameter) => parameter.in === where)
          .map((parameter) => ({
            name: parameter.name,
            required: Boolean(parameter.required),
            schema: parameter.schema,
          }));
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      return {
        method: method.toUpperCase(),
        path,
        label: `${method.toUpperCase()} ${path}`,
        pathParams: slots('path'),
        queryParams: slots('query'),
        ...(bodySchema ? { body: dereference(document, bodySchema) } : {}),
      };
    }),
  );
}
