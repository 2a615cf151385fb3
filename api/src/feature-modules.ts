import type { Type } from '@nestjs/common';

/** The business modules (auth, users, books, copies, loans), mounted under /api/v1. */
export const FEATURE_MODULES: Type[] = [];
