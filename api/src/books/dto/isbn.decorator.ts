import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, registerDecorator, type ValidationOptions } from 'class-validator';
import { PRESENCE_DEFAULTS, presenceCheck, type FieldPresence } from '../../common/fields/presence.js';
import { ISBN_INPUT_MAX_LENGTH, normalizeIsbn } from '../isbn.js';

/** A string that is a valid ISBN-10 or ISBN-13 (checksum included). */
export function IsIsbn(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIsbn',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a valid ISBN-10 or ISBN-13 (check digit included)', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && normalizeIsbn(value) !== null },
    });
}

export interface IsbnFieldProps extends FieldPresence {
  /** @default 'ISBN-10 or ISBN-13, hyphens or spaces allowed, check digit verified; stored as ISBN-13' */
  readonly description?: string;
  /** @default none */
  readonly example?: string;
}

const ISBN_DESCRIPTION = 'ISBN-10 or ISBN-13, hyphens or spaces allowed, check digit verified; stored as ISBN-13';

/**
 * An ISBN, documented as `format: isbn` (JSON Schema cannot state a check digit; the format names it,
 * and the document's description says what it means).
 */
export function IsbnField(props: IsbnFieldProps = {}): PropertyDecorator {
  const field = { ...PRESENCE_DEFAULTS, description: ISBN_DESCRIPTION, ...props };
  return applyDecorators(
    ApiProperty({
      type: 'string',
      format: 'isbn',
      minLength: 10,
      maxLength: ISBN_INPUT_MAX_LENGTH,
      required: field.required,
      description: field.description,
      ...(field.example !== undefined ? { example: field.example } : {}),
    }),
    presenceCheck(field),
    IsString(),
    IsIsbn(),
  );
}
