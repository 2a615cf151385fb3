import { ApiProperty } from '@nestjs/swagger';
import { ROLES, USER_STATUSES, type Role, type User, type UserStatus } from './user.entity.js';
import { NAME_MAX_LENGTH } from '../auth/dto/register.dto.js';
import { EMAIL_MAX_LENGTH } from '../common/fields/email.js';
import { ApiTextProperty, ApiTimestampProperty, ApiUuidProperty } from '../common/fields/response-fields.js';

/** A user as the API shows it: never the password hash. */
export class UserView {
  @ApiUuidProperty() id!: string;
  @ApiTextProperty(EMAIL_MAX_LENGTH, { example: 'ada@example.org' }) email!: string;
  @ApiTextProperty(NAME_MAX_LENGTH, { example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ enum: USER_STATUSES }) status!: UserStatus;
  @ApiTimestampProperty() createdAt!: string;
  @ApiTimestampProperty() updatedAt!: string;

  static of(user: Omit<User, 'passwordHash'>): UserView {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      status: user.status,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}
