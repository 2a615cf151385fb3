import { registerDecorator, type ValidationOptions } from 'class-validator';
import { normalizeIsbn } from '../isbn.js';

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
