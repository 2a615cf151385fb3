import type { ClientConfig } from 'pg';
import type { DatabaseConfig } from '../config/app-config.js';

/** node-postgres connection settings for a plain client (the migration lock, health probes in tests). */
export function connectionConfig(config: DatabaseConfig): ClientConfig {
  if (config.url) return { connectionString: config.url, connectionTimeoutMillis: config.connectTimeoutMs };
  return {
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    connectionTimeoutMillis: config.connectTimeoutMs,
  };
}
