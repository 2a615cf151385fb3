import { ApiProperty } from '@nestjs/swagger';
import { NAME_MAX_LENGTH } from '../auth/dto/register.dto.js';
import { EMAIL_MAX_LENGTH } from '../common/fields/email.js';
import { ApiTextProperty, ApiTimestampProperty, ApiUuidProperty } from '../common/fields/response-fields.js';
import { ROLES, type Role } from '../auth/roles.js';

export const USER_STATUSES = ['active', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** An account as the users and auth statements return it: never the password hash. */
export interface UserRow {
  readonly id: string;
  /** Stored lower-cased; unique. */
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly status: UserStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A user as the API shows it: never the password hash. */
export class UserView {
  @ApiUuidProperty() id!: string;
  @ApiTextProperty(EMAIL_MAX_LENGTH, { example: 'ada@example.org' }) email!: string;
  @ApiTextProperty(NAME_MAX_LENGTH, { example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ enum: USER_STATUSES }) status!: UserStatus;
  @ApiTimestampProperty() createdAt!: string;
  @ApiTimestampProperty() updatedAt!: string;

  static of(user: UserRow): UserView {
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
