import { ParseUUIDPipe, ValidationPipe, type ValidationError } from '@nestjs/common';
import { isUUID, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { badRequest, type FieldError } from './problem.js';

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** A rule may name the problem's `detail` through its `context`; otherwise the generic one is used. */
const GENERIC_DETAIL = 'The request is invalid.';

function detailOf(errors: readonly ValidationError[]): string {
  for (const error of errors) {
    for (const context of Object.values(error.contexts ?? {})) {
      if (typeof context.detail === 'string') return context.detail;
    }
    const nested = detailOf(error.children ?? []);
    if (nested !== GENERIC_DETAIL) return nested;
  }
  return GENERIC_DETAIL;
}

/** Bodies and queries are validated against their DTOs; unknown fields are rejected, not dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => badRequest('VALIDATION_FAILED', detailOf(errors), flatten(errors)),
  });
}

/** A path id that is not a UUID is a 400, never a database error. */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => badRequest('INVALID_ID', 'The id in the path must be a UUID.'),
});

/**
 * For PATCH bodies: validate the field only when it was sent. Unlike `@IsOptional()`, an explicit
 * `null` is still validated, so fields that cannot be empty reject it.
 */
export const ValidateWhenSent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

const isAbsent = (value: unknown) => value === undefined || value === null;

/**
 * Put on each of `fields`: the request sends exactly one of them (`null` counts as absent, as with
 * `@IsOptional()`). When none is sent the first field is named, when several are, the ones after the
 * first sent. `detail` becomes the problem's detail.
 */
export function ExactlyOneOf(fields: readonly string[], detail: string): PropertyDecorator {
  const message = `exactly one of ${fields.join(' and ')} is required`;
  return ValidateBy(
    {
      name: 'exactlyOneOf',
      validator: {
        validate(_value: unknown, { object, property }: ValidationArguments): boolean {
          const sent = fields.filter((field) => !isAbsent((object as Record<string, unknown>)[field]));
          if (sent.length === 0) return property !== fields[0];
          return sent.length === 1 || !sent.slice(1).includes(property);
        },
        defaultMessage: () => message,
      },
    },
    { context: { detail } },
  );
}

/** `@IsOptional() @IsUUID('all')` for a field whose presence another rule (`ExactlyOneOf`) decides. */
export function IsUuidWhenSent(): PropertyDecorator {
  return ValidateBy({
    name: 'isUuidWhenSent',
    validator: {
      validate: (value: unknown) => isAbsent(value) || (typeof value === 'string' && isUUID(value, 'all')),
      defaultMessage: () => '$property must be a UUID',
    },
  });
}
