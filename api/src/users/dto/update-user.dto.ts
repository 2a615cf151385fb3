import { NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/dto/register.dto.js';
import { ROLES, type Role } from '../../auth/roles.js';
import { EnumField } from '../../common/fields/enum-field.js';
import { RequireTogether } from '../../common/fields/object-rules.js';
import { TextField } from '../../common/fields/text-field.js';
import { USER_STATUSES, type UserStatus } from '../user.view.js';

/**
 * The account owner may change `name` and `password` (with `currentPassword`); an admin may change
 * `name`, `role` and `status` of any other account.
 */
@RequireTogether('password', 'currentPassword')
export class UpdateUserDto {
  @TextField({ required: false, maxLength: NAME_MAX_LENGTH, trim: true, example: 'Ada King' })
  name?: string;

  @TextField({ required: false, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  password?: string;

  @TextField({
    required: false,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'Required with `password`: the password being replaced',
  })
  currentPassword?: string;

  @EnumField({ required: false, values: ROLES, description: 'Admin only' })
  role?: Role;

  @EnumField({ required: false, values: USER_STATUSES, description: 'Admin only' })
  status?: UserStatus;
}
