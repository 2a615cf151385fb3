import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PRESENCE_DEFAULTS, presenceCheck, type FieldPresence } from './presence.js';

const INT32_MAX = 2 ** 31 - 1;

export interface IntegerFieldProps extends FieldPresence {
  readonly minimum: number;
  readonly maximum: number;
  /**
   * The value arrives as text (a query parameter): only decimal digits with an optional minus are
   * read as a number; anything else (`1.5`, `1e3`, ` 7`, `0x10`) is refused as not an integer.
   * @default false
   */
  readonly fromText?: boolean;
  /** @default none */
  readonly default?: number;
  /** @default none */
  readonly description?: string;
  /** @default none */
  readonly example?: number;
}

const INTEGER_DEFAULTS = { ...PRESENCE_DEFAULTS, fromText: false } as const;

const DECIMAL_INTEGER = /^-?\d+$/;
const integerText = ({ value }: { value: unknown }) =>
  typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value;

/** A 32-bit integer property with bounds, validated and documented (`type: integer, format: int32`) alike. */
export function IntegerField(props: IntegerFieldProps): PropertyDecorator {
  const field = { ...INTEGER_DEFAULTS, ...props };
  if (!Number.isInteger(field.minimum) || !Number.isInteger(field.maximum) || field.minimum > field.maximum) {
    throw new Error(
      `IntegerField: minimum (${field.minimum}) and maximum (${field.maximum}) must be ordered integers.`,
    );
  }
  if (field.minimum < -INT32_MAX - 1 || field.maximum > INT32_MAX) {
    throw new Error('IntegerField: the bounds must fit in 32 bits (the document says format int32).');
  }
  return applyDecorators(
    ApiProperty({
      type: 'integer',
      format: 'int32',
      required: field.required,
      nullable: field.nullable || undefined,
      minimum: field.minimum,
      maximum: field.maximum,
      ...(field.default !== undefined ? { default: field.default } : {}),
      ...(field.description !== undefined ? { description: field.description } : {}),
      ...(field.example !== undefined ? { example: field.example } : {}),
    }),
    ...(field.fromText ? [Transform(integerText)] : []),
    presenceCheck(field),
    IsInt(),
    Min(field.minimum),
    Max(field.maximum),
  );
}
