import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, trimmed } from '../../auth/dto/register.dto.js';
import { ROLES, USER_STATUSES, type Role, type UserStatus } from '../user.entity.js';

/** Validated only when sent, so that `null` is rejected instead of passing as "absent". */
const whenSent = ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * The account owner may change `name` and `password` (with `currentPassword`); an admin may change
 * `name`, `role` and `status` of any other account.
 */
export class UpdateUserDto {
  @ApiProperty({ required: false, minLength: 1, maxLength: 200, example: 'Ada King' })
  @whenSent
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiProperty({ required: false, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @whenSent
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiProperty({ required: false, description: 'Required with `password`: the password being replaced' })
  @whenSent
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword?: string;

  @ApiProperty({ required: false, enum: ROLES, description: 'Admin only' })
  @whenSent
  @IsIn(ROLES)
  role?: Role;

  @ApiProperty({ required: false, enum: USER_STATUSES, description: 'Admin only' })
  @whenSent
  @IsIn(USER_STATUSES)
  status?: UserStatus;
}
