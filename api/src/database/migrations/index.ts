// Every migration, in order. Files are named <timestamp>-<what>.ts and never edited once released.
export const MIGRATIONS: Function[] = [];
