import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';

const ONE_MINUTE_MS = 60_000;

@Module({
  imports: [
    JwtModule.registerAsync({
      global: true,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it as
        // a PEM public key on every verify, ~0.37 ms of CPU per authenticated request (docs/benchmarks.md).
        secret: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    // Per client IP and per replica; applied to the auth routes only (login and register).
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Named 'default' so a 429 carries the standard Retry-After header (another name gets Retry-After-<name>).
        throttlers: [{ name: 'default', ttl: ONE_MINUTE_MS, limit: Math.max(config.authRateLimitPerMinute, 1) }],
        skipIf: () => config.authRateLimitPerMinute === 0,
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, PasswordHasher, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [PasswordHasher],
})
export class AuthModule {}
