import { ParseUUIDPipe, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { badRequest, type FieldError } from './problem.js';

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
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
    exceptionFactory: (errors) => badRequest('VALIDATION_FAILED', 'The request is invalid.', flatten(errors)),
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
