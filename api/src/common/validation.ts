import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { badRequest, type FieldError } from './problem.js';

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Unknown fields are rejected, not dropped. The OpenAPI document reads this to state
 * `additionalProperties: false` on every body schema.
 */
export const REJECTS_UNKNOWN_PROPERTIES = true;

/** Bodies and queries are validated against their DTOs. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: REJECTS_UNKNOWN_PROPERTIES,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => badRequest('VALIDATION_FAILED', 'The request is invalid.', flatten(errors)),
  });
}
