import { ApiProperty } from '@nestjs/swagger';
import { EMAIL_MAX_LENGTH } from '../../common/fields/email.js';
import { TextField } from '../../common/fields/text-field.js';
import { PASSWORD_MAX_LENGTH } from './register.dto.js';

export class LoginDto {
  @TextField({
    maxLength: EMAIL_MAX_LENGTH,
    trim: true,
    lowercase: true,
    description: 'The e-mail address registered (any case, surrounding spaces ignored)',
    example: 'ada@example.org',
  })
  email!: string;

  @TextField({ maxLength: PASSWORD_MAX_LENGTH })
  password!: string;
}

export class AccessTokenView {
  @ApiProperty({ maxLength: 2048 }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 2 ** 31 - 1,
    description: 'Seconds until the token expires',
    example: 900,
  })
  expiresIn!: number;
}
