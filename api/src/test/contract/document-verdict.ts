import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { normalizeIsbn } from '../../books/isbn.js';
import type { JsonSchema, OperationContract, SchemaSlot } from './operations.js';

/** A request as the generators build it: path and query values as text, the body as JSON. */
export interface GeneratedRequest {
  readonly pathValues: Record<string, string>;
  readonly queryValues: Record<string, string>;
  /** `undefined`: no body sent. */
  readonly body?: unknown;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * The document's verdict on a request, by a JSON Schema validator (Ajv with the standard formats;
 * `isbn` is the document's own format: ISBN-10 or ISBN-13 with a valid check digit).
 */
export class DocumentVerdict {
  private readonly ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  private readonly cache = new Map<JsonSchema, (value: unknown) => boolean>();

  constructor() {
    addFormats(this.ajv);
    this.ajv.addFormat('isbn', { type: 'string', validate: (value: string) => normalizeIsbn(value) !== null });
  }

  private check(schema: JsonSchema, value: unknown): boolean {
    let validate = this.cache.get(schema);
    if (!validate) {
      const compiled = this.ajv.compile(schema);
      validate = (candidate: unknown) => compiled(candidate) as boolean;
      this.cache.set(schema, validate);
    }
    return validate(value);
  }

  /**
   * Text in a path or query parameter read as its schema's type, in the plain form OpenAPI's default
   * `form`/`simple` styles give it: decimal digits for integers, `true`/`false` for booleans.
   */
  private parameterValid(slot: SchemaSlot, text: string | undefined): boolean {
    if (text === undefined) return !slot.required;
    const type = slot.schema.type;
    const value =
      type === 'integer' && /^-?\d+$/.test(text)
        ? Number(text)
        : type === 'boolean' && (text === 'true' || text === 'false')
          ? text === 'true'
          : text;
    return this.check(slot.schema, value);
  }

  isValid(operation: OperationContract, request: GeneratedRequest): boolean {
    return (
      operation.pathParams.every((slot) => this.parameterValid(slot, request.pathValues[slot.name])) &&
      operation.queryParams.every((slot) => this.parameterValid(slot, request.queryValues[slot.name])) &&
      (operation.body === undefined || (request.body !== undefined && this.check(operation.body, request.body)))
    );
  }
}
