import type { MigrationInterface } from 'typeorm';
import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { Circulation1765000000000 } from './1765000000000-circulation.js';
import { Notices1766000000000 } from './1766000000000-notices.js';

/** Every migration, in order. Files are named <timestamp>-<what>.ts and never edited once released. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  InitialSchema1764000000000,
  Circulation1765000000000,
  Notices1766000000000,
];
