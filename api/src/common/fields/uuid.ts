import { applyDecorators, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam, ApiProperty } from '@nestjs/swagger';
import { Matches, ValidateBy } from 'class-validator';
import { badRequest } from '../problem.js';
import { PRESENCE_DEFAULTS, presenceCheck, type FieldPresence } from './presence.js';

/**
 * What the API accepts as an id: an RFC 9562 UUID of versions 1 to 8, or the nil and max UUIDs, in
 * either case. Stated in the document next to `format: uuid`, which on its own accepts any hex digits.
 */
export const UUID_PATTERN =
  '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}' +
  '|00000000-0000-0000-0000-000000000000|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$';
const UUID = new RegExp(UUID_PATTERN);

export const UUID_SCHEMA = {
  type: 'string',
  format: 'uuid',
  pattern: UUID_PATTERN,
  minLength: 36,
  maxLength: 36,
} as const;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A path id that is not a UUID is a 400 `INVALID_ID`, never a database error. */
export const UuidParam: PipeTransform<unknown, string> = {
  transform(value: unknown): string {
    if (!isUuid(value)) throw badRequest('INVALID_ID', 'The id in the path must be a UUID.');
    return value;
  },
};

/** `@Param(name)` checked as a UUID, and documented as one. */
export function UuidPath(name = 'id', description?: string): ParameterDecorator {
  return (target, key, index) => {
    Param(name, UuidParam)(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor) throw new Error(`UuidPath: ${String(key)} is not a method of its class.`);
    ApiParam({ name, required: true, schema: UUID_SCHEMA, ...(description ? { description } : {}) })(
      target,
      key,
      descriptor,
    );
  };
}

export interface UuidFieldProps extends FieldPresence {
  /** @default none */
  readonly description?: string;
  /**
   * The property's other validators run even when it is absent (a rule over several properties,
   * `RequireExactlyOneOf`, decides whether it must be sent). Only for optional, non-nullable fields.
   * @default false
   */
  readonly checkedWhenAbsent?: boolean;
}

/** A UUID, or nothing at all (`null` is a value, and not a UUID). */
const UuidWhenSent = () =>
  ValidateBy({
    name: 'isUuidWhenSent',
    validator: {
      validate: (value: unknown) => value === undefined || isUuid(value),
      defaultMessage: () => '$property must be a UUID',
    },
  });

/** A body or query property holding an id. */
export function UuidField(props: UuidFieldProps = {}): PropertyDecorator {
  const field = { ...PRESENCE_DEFAULTS, checkedWhenAbsent: false, ...props };
  if (field.checkedWhenAbsent && (field.required || field.nullable)) {
    throw new Error('UuidField: checkedWhenAbsent is for optional fields that are not nullable.');
  }
  const schema = ApiProperty({
    ...UUID_SCHEMA,
    required: field.required,
    nullable: field.nullable || undefined,
    ...(field.description !== undefined ? { description: field.description } : {}),
  });
  if (field.checkedWhenAbsent) return applyDecorators(schema, UuidWhenSent());
  return applyDecorators(schema, presenceCheck(field), Matches(UUID, { message: '$property must be a UUID' }));
}
