// Every migration, in order. Files are named <timestamp>-<what>.ts and never edited once released.
import type { MigrationInterface } from 'typeorm';

export const MIGRATIONS: (new () => MigrationInterface)[] = [];
