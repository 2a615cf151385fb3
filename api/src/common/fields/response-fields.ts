import { ApiProperty } from '@nestjs/swagger';
import { UUID_SCHEMA } from './uuid.js';

/**
 * Response properties, documented as tightly as the views build them (responses are not validated
 * by class-validator, only by the contract tests against the document).
 */
const INT32_MAX = 2 ** 31 - 1;

/** An id the API generated. */
export const ApiUuidProperty = (description?: string) =>
  ApiProperty({ ...UUID_SCHEMA, ...(description ? { description } : {}) });

/** `Date.toISOString()`: 24 characters, or 27 for years beyond 9999. */
export const ApiTimestampProperty = (options: { nullable?: boolean; description?: string } = {}) =>
  ApiProperty({
    type: 'string',
    format: 'date-time',
    maxLength: 27,
    ...(options.nullable ? { nullable: true } : {}),
    ...(options.description ? { description: options.description } : {}),
  });

/** A count or an amount in cents: a non-negative 32-bit integer. */
export const ApiCountProperty = (options: { description?: string; example?: number; nullable?: boolean } = {}) =>
  ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: INT32_MAX,
    ...(options.nullable ? { nullable: true } : {}),
    ...(options.description ? { description: options.description } : {}),
    ...(options.example !== undefined ? { example: options.example } : {}),
  });

/** Text the API stored after validating it against the same limit. */
export const ApiTextProperty = (maxLength: number, options: { description?: string; example?: string } = {}) =>
  ApiProperty({
    type: 'string',
    maxLength,
    ...(options.description ? { description: options.description } : {}),
    ...(options.example !== undefined ? { example: options.example } : {}),
  });
