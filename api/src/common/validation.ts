import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateBy, type ValidationArguments } from 'class-validator';
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
    exceptionFactory: (errors) => badRequest('VALIDATION_FAILED', detailOf(errors), flatten(errors)),
  });
}

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
