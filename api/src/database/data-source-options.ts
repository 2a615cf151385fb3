import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { MIGRATIONS } from './migrations/index.js';

/** The TypeORM options shared by the API, the migration runner and the seed. Never `synchronize`. */
export function dataSourceOptions(config: DatabaseConfig, applicationName = 'lms-api'): DataSourceOptions {
  return {
    type: 'postgres',
    ...(config.url
      ? { url: config.url }
      : {
          host: config.host,
          port: config.port,
          username: config.user,
          password: config.password,
          database: config.database,
        }),
    // Every statement is plain SQL (`<feature>.sql.ts`); TypeORM brings the pool, migrations and transactions.
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName,
    poolSize: config.poolMax,
    extra: {
      max: config.poolMax,
      connectionTimeoutMillis: config.connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      statement_timeout: config.statementTimeoutMs,
      // The server enforces statement_timeout only while it runs. When it stops answering (frozen, or a
      // network partition without a reset), the client gives up one second later, so no request waits
      // for a database that may never reply.
      query_timeout: config.statementTimeoutMs + 1000,
      keepAlive: true,
    },
  };
}
