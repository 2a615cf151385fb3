import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PRESENCE_DEFAULTS, presenceCheck, type FieldPresence } from './presence.js';

export interface EnumFieldProps extends FieldPresence {
  /** Every value accepted. */
  readonly values: readonly string[];
  /** @default none */
  readonly description?: string;
}

/** One of a fixed list of strings, validated and documented (`enum`) from the same list. */
export function EnumField(props: EnumFieldProps): PropertyDecorator {
  const field = { ...PRESENCE_DEFAULTS, ...props };
  if (field.values.length === 0) throw new Error('EnumField: give at least one value.');
  return applyDecorators(
    ApiProperty({
      type: 'string',
      enum: [...field.values],
      required: field.required,
      nullable: field.nullable || undefined,
      ...(field.description !== undefined ? { description: field.description } : {}),
    }),
    presenceCheck(field),
    IsIn([...field.values]),
  );
}
