import type { Type } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';

/** The business modules (auth, users, books, copies, loans), mounted under /api/v1. */
export const FEATURE_MODULES: Type[] = [AuthModule];
