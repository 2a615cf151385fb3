import { TextField } from '../../common/fields/text-field.js';
import { EMAIL_MAX_LENGTH, EMAIL_PATTERN } from '../../common/fields/email.js';

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 cost grows with input; nobody types more than this. */
export const PASSWORD_MAX_LENGTH = 256;
export const NAME_MAX_LENGTH = 200;

export class RegisterDto {
  @TextField({
    maxLength: EMAIL_MAX_LENGTH,
    pattern: EMAIL_PATTERN,
    patternMessage: 'email must be an email address',
    format: 'email',
    lowercase: true,
    description: 'Stored in lower case',
    example: 'ada@example.org',
  })
  email!: string;

  @TextField({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery' })
  password!: string;

  @TextField({ maxLength: NAME_MAX_LENGTH, trim: true, example: 'Ada Lovelace' })
  name!: string;
}
