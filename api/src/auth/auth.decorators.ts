import { applyDecorators, createParamDecorator, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ApiExtension, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { PROBLEM_CONTENT_TYPE } from '../common/problem.js';
import type { Role } from './roles.js';
import type { AuthUser } from './roles.js';

export const IS_PUBLIC = 'lms:isPublic';
export const REQUIRED_ROLE = 'lms:requiredRole';

/** Marks public operations for the OpenAPI document, which states `security: []` on them. */
export const PUBLIC_OPERATION_EXTENSION = 'x-lms-public';

/** The route needs no access token. */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));

/** The route needs at least this role (roles are ordered member < librarian < admin). */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** The authenticated caller; only on routes that are not @Public. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

/** Limited per client IP (AUTH_RATE_LIMIT_PER_MINUTE): over the limit, 429 `RATE_LIMITED` with `Retry-After`. */
export const RateLimited = () =>
  applyDecorators(
    UseGuards(ThrottlerGuard),
    ApiTooManyRequestsResponse({
      description: 'RATE_LIMITED: too many attempts from this client; retry after the given seconds',
      headers: {
        'Retry-After': {
          description: 'Seconds to wait',
          schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 3600 },
        },
      },
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
    }),
  );
