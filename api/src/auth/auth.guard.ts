import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../common/problem.js';
import { rememberUserId } from '../common/request-user.js';
import { IS_PUBLIC, REQUIRED_ROLE } from './auth.decorators.js';
import { hasRole, ROLES, type AuthUser, type Role } from './roles.js';

interface AccessTokenClaims {
  sub?: unknown;
  role?: unknown;
}

/**
 * Global guard: every route needs a valid bearer token unless marked @Public. The token's claims are
 * trusted for its lifetime (15 minutes by default), so authorization costs no database round trip.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const user = await this.authenticate(request.headers.authorization);
    request.user = user;
    rememberUserId(request, user.id);
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (required && !hasRole(user.role, required)) {
      throw forbidden('FORBIDDEN', `This action needs the ${required} role.`);
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const match = /^Bearer ([A-Za-z0-9_\-.]{1,4096})$/.exec(header ?? '');
    if (!match) throw unauthorized('UNAUTHENTICATED', 'Send an access token as "Authorization: Bearer <token>".');
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & object>(match[1], { algorithms: ['HS256'] });
    } catch {
      throw unauthorized('INVALID_TOKEN', 'The access token is invalid or expired.');
    }
    const { sub, role } = claims;
    if (typeof sub !== 'string' || typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
      throw unauthorized('INVALID_TOKEN', 'The access token is invalid or expired.');
    }
    return { id: sub, role: role as Role };
  }
}
