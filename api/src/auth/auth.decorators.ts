import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from './roles.js';
import type { AuthUser } from './roles.js';

export const IS_PUBLIC = 'lms:isPublic';
export const REQUIRED_ROLE = 'lms:requiredRole';

/** The route needs no access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route needs at least this role (roles are ordered member < librarian < admin). */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** The authenticated caller; only on routes that are not @Public. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
