import fc from 'fast-check';
import { isbn13CheckDigit } from '../../books/isbn.js';
import type { JsonSchema } from './operations.js';

/**
 * fast-check arbitraries from the JSON Schemas of the document: values meant to be valid, and values
 * meant to break one keyword. They only aim; the document's verdict (Ajv) decides what each value is.
 */

const WHITESPACE = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '\u3000');

/** Text in printable ASCII or in any code point (astral planes included), within the bounds. */
function anyText(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme-ascii', minLength, maxLength }),
    fc.string({ unit: 'binary', minLength, maxLength }),
  );
}

const validIsbn: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('978', '979'), fc.stringMatching(/^\d{9}$/), fc.boolean())
  .map(([prefix, body, hyphenated]) => {
    const first12 = prefix + body;
    const isbn = first12 + isbn13CheckDigit(first12);
    return hyphenated ? `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 12)}-${isbn.slice(12)}` : isbn;
  });

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength: number = schema.minLength ?? 0;
  const maxLength: number = schema.maxLength ?? 64;
  const fits = (text: string) => [...text].length >= minLength && [...text].length <= maxLength;
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'isbn') return validIsbn;
  if (schema.format === 'email') return fc.emailAddress().filter(fits);
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    // Free text (the no-U+0000 patterns of TextField): any text of the right length that matches,
    // sometimes padded with whitespace. Structured patterns (UUIDs, barcodes) generate their own text.
    if (schema.pattern.includes('[^\\u0000]')) {
      return fc
        .tuple(fc.option(WHITESPACE, { nil: '' }), anyText(minLength, maxLength), fc.option(WHITESPACE, { nil: '' }))
        .map(([before, text, after]) => before + text + after)
        .filter((text) => fits(text) && pattern.test(text));
    }
    return fc.stringMatching(pattern).filter(fits);
  }
  return anyText(minLength, maxLength);
}

/** A value the schema is meant to accept. */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const value: fc.Arbitrary<unknown> =
    schema.type === 'integer'
      ? fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 })
      : schema.type === 'boolean'
        ? fc.boolean()
        : validString(schema);
  return schema.nullable ? fc.option(value, { nil: null, freq: 4 }) : value;
}

/** A value meant to break the schema: the wrong type, out of bounds, off the pattern or the enum. */
export function invalidValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const candidates: fc.Arbitrary<unknown>[] = [];
  if (!schema.nullable) candidates.push(fc.constant(null));
  if (schema.type === 'integer') {
    candidates.push(fc.string({ maxLength: 5 }), fc.boolean(), fc.double({ noInteger: true, noDefaultInfinity: true }));
    if (schema.maximum !== undefined)
      candidates.push(fc.integer({ min: schema.maximum + 1, max: schema.maximum + 1e6 }));
    if (schema.minimum !== undefined)
      candidates.push(fc.integer({ min: schema.minimum - 1e6, max: schema.minimum - 1 }));
  } else if (schema.type === 'boolean') {
    candidates.push(fc.integer(), fc.string({ maxLength: 5 }));
  } else {
    candidates.push(fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}));
    if (schema.maxLength !== undefined) {
      candidates.push(
        anyText(schema.maxLength + 1, schema.maxLength + 8).filter((t) => [...t].length > schema.maxLength),
      );
    }
    if (schema.minLength > 0) candidates.push(anyText(0, schema.minLength - 1));
    if (schema.enum) candidates.push(fc.string({ maxLength: 12 }).filter((text) => !schema.enum.includes(text)));
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern, 'u');
      const offPattern = fc.oneof(
        WHITESPACE,
        fc.string({ maxLength: 40 }),
        fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}\u0000${b}`),
      );
      candidates.push(offPattern.filter((text) => !pattern.test(text)));
    }
    if (schema.format === 'isbn')
      candidates.push(validIsbn.map((isbn) => isbn.slice(0, -1) + ((Number(isbn.at(-1)) + 1) % 10)));
    if (schema.format === 'email') candidates.push(fc.string({ maxLength: 40 }).filter((text) => !text.includes('@')));
  }
  return fc.oneof(...candidates);
}

/** Text meant to be a valid query or path value: the plain serialization of a valid value. */
export function validText(schema: JsonSchema): fc.Arbitrary<string> {
  return validValue({ ...schema, nullable: false }).map(String);
}

/** Text meant to break a query or path parameter's schema. */
export function invalidText(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.type === 'integer') {
    return fc.oneof(
      fc.constantFrom('1.5', 'abc', '1e2', '', ' 7', '0x10', '+3', '2.0'),
      fc.integer({ min: (schema.maximum ?? 1e6) + 1, max: (schema.maximum ?? 1e6) + 1e6 }).map(String),
      fc.integer({ min: (schema.minimum ?? 0) - 1e6, max: (schema.minimum ?? 0) - 1 }).map(String),
    );
  }
  if (schema.type === 'boolean') return fc.constantFrom('yes', '1', '0', 'TRUE', 'False', '');
  return invalidValue(schema).filter((value): value is string => typeof value === 'string');
}
