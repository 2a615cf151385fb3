import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

type Release = (error?: Error | boolean) => void;
type ConnectCallback = (error: Error | undefined, client: PoolClient | undefined, release: Release) => void;

/**
 * A connection whose statement or ROLLBACK timed out on the client (the database froze) is still inside
 * its transaction, or still owes a reply, when TypeORM gives it back. Reused, it would hand the next
 * request an aborted transaction (25P02) or a reply meant for someone else. Giving it back with an error
 * makes pg-pool close it instead, so only the requests that were in flight during the freeze fail.
 */
export function discardDirtyConnections(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const connect = pool.connect.bind(pool) as unknown as (callback?: ConnectCallback) => Promise<PoolClient> | void;
  const guarded = (callback?: ConnectCallback) => {
    if (typeof callback !== 'function') return connect();
    return connect((error, client, release) =>
      callback(error, client, (releaseError) => release(releaseError || dirtyReason(client))),
    );
  };
  (pool as unknown as { connect: typeof guarded }).connect = guarded;
}

/** Why a connection given back to the pool must not be reused, if it must not. */
export function dirtyReason(client: PoolClient | undefined): Error | undefined {
  if (!client) return undefined;
  const state = client as unknown as { readyForQuery?: boolean; getTransactionStatus?: () => string | null };
  const status = state.getTransactionStatus?.() ?? 'I';
  if (state.readyForQuery === false || (status !== 'I' && status !== null)) {
    return new Error(`connection given back mid-transaction (status ${status}); closing it`);
  }
  return undefined;
}
