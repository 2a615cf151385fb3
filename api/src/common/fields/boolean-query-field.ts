import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { presenceCheck } from './presence.js';

export interface BooleanQueryFieldProps {
  /** @default none */
  readonly description?: string;
}

const booleanText = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** An optional query flag: exactly `true` or `false`. */
export function BooleanQueryField(props: BooleanQueryFieldProps = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: 'boolean',
      required: false,
      ...(props.description !== undefined ? { description: props.description } : {}),
    }),
    Transform(booleanText),
    presenceCheck({ required: false, nullable: false }),
    IsBoolean(),
  );
}
