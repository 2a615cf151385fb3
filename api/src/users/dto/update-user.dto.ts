import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, trimmed } from '../../auth/dto/register.dto.js';
import { ROLES, type Role } from '../../auth/roles.js';
import { USER_STATUSES, type UserStatus } from '../user.view.js';
import { PATRON_CATEGORIES, type PatronCategory } from '../../circulation-rules/circulation-terms.js';
import { ValidateWhenSent } from '../../common/validation.js';

/**
 * The account owner may change `name` and `password` (with `currentPassword`); an admin may change
 * `name`, `role`, `status` and `category` of any other account.
 */
export class UpdateUserDto {
  @ApiProperty({ required: false, minLength: 1, maxLength: 200, example: 'Ada King' })
  @ValidateWhenSent()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiProperty({ required: false, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @ValidateWhenSent()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiProperty({ required: false, description: 'Required with `password`: the password being replaced' })
  @ValidateWhenSent()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword?: string;

  @ApiProperty({ required: false, enum: ROLES, description: 'Admin only' })
  @ValidateWhenSent()
  @IsIn(ROLES)
  role?: Role;

  @ApiProperty({ required: false, enum: USER_STATUSES, description: 'Admin only' })
  @ValidateWhenSent()
  @IsIn(USER_STATUSES)
  status?: UserStatus;

  @ApiProperty({ required: false, enum: PATRON_CATEGORIES, description: 'Admin only: the patron category' })
  @ValidateWhenSent()
  @IsIn(PATRON_CATEGORIES)
  category?: PatronCategory;
}
