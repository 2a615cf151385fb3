import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Length in Unicode code points, as JSON Schema's `minLength`/`maxLength` count it (class-validator's
 * `MaxLength` discounts variation selectors, so the two would disagree on some emoji).
 */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function MinCodePoints(min: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'minCodePoints',
      constraints: [min],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && codePointLength(value) >= min,
        defaultMessage: () => `$property must be at least ${min} characters long`,
      },
    },
    options,
  );
}

export function MaxCodePoints(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxCodePoints',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && codePointLength(value) <= max,
        defaultMessage: () => `$property must be at most ${max} characters long`,
      },
    },
    options,
  );
}
