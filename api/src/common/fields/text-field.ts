import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { codePointLength, MaxCodePoints, MinCodePoints } from './code-point-length.js';
import { PRESENCE_DEFAULTS, presenceCheck, type FieldPresence } from './presence.js';

export interface TextFieldProps extends FieldPresence {
  /** The most characters (code points) accepted, as sent. */
  readonly maxLength: number;
  /**
   * The fewest characters accepted. With `trim`, only 1 can be stated exactly in the document.
   * @default 1
   */
  readonly minLength?: number;
  /**
   * Leading and trailing whitespace is removed before the value is checked and stored. The length
   * limit still applies to the value as sent (a longer value is refused, not trimmed).
   * @default false
   */
  readonly trim?: boolean;
  /**
   * Stored in lower case (case never makes a value invalid).
   * @default false
   */
  readonly lowercase?: boolean;
  /**
   * What the (trimmed) value must match, without the `^`/`$` anchors, ECMAScript syntax.
   * @default any text
   */
  readonly pattern?: string;
  /** The validation message when `pattern` does not match. @default class-validator's message */
  readonly patternMessage?: string;
  /** @default none */
  readonly description?: string;
  /** @default none */
  readonly example?: string;
  /** JSON Schema `format` (e.g. `email`); the pattern must then be at least as strict as the format. @default none */
  readonly format?: string;
}

const TEXT_DEFAULTS = { ...PRESENCE_DEFAULTS, minLength: 1, trim: false, lowercase: false };

/** PostgreSQL text cannot hold U+0000, so no text field accepts it (it would be a 500). */
const NO_NUL = '[^\\u0000]*';
/** With `trim`: some character that is neither whitespace nor U+0000 must remain. */
const NO_NUL_NOT_BLANK = `${NO_NUL}[^\\s\\u0000]${NO_NUL}`;

/** What the value must match once normalized (trimmed): the given pattern, or no U+0000 (and not blank). */
function valuePattern(props: TextFieldProps & { readonly trim: boolean }): string {
  if (props.pattern !== undefined) return `^(?:${props.pattern})$`;
  return props.trim ? `^${NO_NUL_NOT_BLANK}$` : `^${NO_NUL}$`;
}

/**
 * The document's pattern for the value as sent. With `trim`, surrounding whitespace is allowed; the
 * no-U+0000, not-blank pattern already says the same of the raw and of the trimmed value.
 */
function documentedPattern(props: TextFieldProps & { readonly trim: boolean }): string {
  if (props.pattern !== undefined && props.trim) return `^\\s*(?:${props.pattern})\\s*$`;
  return valuePattern(props);
}

/**
 * A string property whose validation and OpenAPI schema come from the same numbers: type, length
 * limits in code points (as JSON Schema counts them), pattern, presence.
 */
export function TextField(props: TextFieldProps): PropertyDecorator {
  const field = { ...TEXT_DEFAULTS, ...props };
  if (field.minLength < 0 || field.maxLength < field.minLength) {
    throw new Error(`TextField: minLength (${field.minLength}) must be between 0 and maxLength (${field.maxLength}).`);
  }
  if (field.trim && field.minLength !== 1) {
    throw new Error('TextField: a trimmed field must have minLength 1; the document cannot state another bound.');
  }
  const message =
    field.patternMessage ??
    (field.pattern !== undefined
      ? undefined
      : field.trim
        ? '$property must not be blank nor contain U+0000'
        : '$property must not contain U+0000');
  const validators = [
    presenceCheck(field),
    IsString(),
    MinCodePoints(field.minLength),
    MaxCodePoints(field.maxLength),
    Matches(new RegExp(valuePattern(field), 'u'), message ? { message } : undefined),
  ];
  const normalize = (value: string) => {
    const trimmed = field.trim && codePointLength(value) <= field.maxLength ? value.trim() : value;
    return field.lowercase ? trimmed.toLowerCase() : trimmed;
  };
  const transforms =
    field.trim || field.lowercase
      ? [Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalize(value) : value))]
      : [];
  const pattern = documentedPattern(field);
  return applyDecorators(
    ApiProperty({
      type: 'string',
      required: field.required,
      nullable: field.nullable || undefined,
      minLength: field.minLength,
      maxLength: field.maxLength,
      pattern,
      ...(field.format !== undefined ? { format: field.format } : {}),
      ...(field.description !== undefined ? { description: field.description } : {}),
      ...(field.example !== undefined ? { example: field.example } : {}),
    }),
    ...transforms,
    ...validators,
  );
}
