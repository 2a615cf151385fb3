import type { Type } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import { BooksModule } from './books/books.module.js';
import { CirculationModule } from './circulation/circulation.module.js';
import { CirculationRulesModule } from './circulation-rules/circulation-rules.module.js';
import { CopiesModule } from './copies/copies.module.js';
import { HoldsModule } from './holds/holds.module.js';
import { LoansModule } from './loans/loans.module.js';
import { NoticesModule } from './notices/notices.module.js';
import { UsersModule } from './users/users.module.js';

/**
 * The business modules (auth, users, books, copies, loans, circulation rules, holds, the desk, notices),
 * mounted under /api/v1.
 */
export const FEATURE_MODULES: Type[] = [
  AuthModule,
  UsersModule,
  BooksModule,
  CopiesModule,
  LoansModule,
  CirculationRulesModule,
  HoldsModule,
  CirculationModule,
  NoticesModule,
];
