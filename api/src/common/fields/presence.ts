import { ValidateIf } from 'class-validator';

/** Whether a field may be left out or sent as `null`. */
export interface FieldPresence {
  /**
   * The field must be sent. An optional field that is sent is validated like a required one, so an
   * explicit `null` is refused unless `nullable`.
   * @default true
   */
  readonly required?: boolean;
  /**
   * `null` is a value the field accepts (it clears it).
   * @default false
   */
  readonly nullable?: boolean;
}

export const PRESENCE_DEFAULTS = { required: true, nullable: false } as const satisfies Required<FieldPresence>;

/** Skips the field's validators exactly when the document lets the value through unchecked. */
export function presenceCheck(presence: Required<FieldPresence>): PropertyDecorator {
  return ValidateIf(
    (_object: object, value: unknown) =>
      !(value === undefined && !presence.required) && !(value === null && presence.nullable),
  );
}
