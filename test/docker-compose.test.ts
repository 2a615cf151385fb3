/**
 * docker-compose.yml: valid under the Compose specification's JSON schema (the copy dclint ships),
 * clean under dclint's rules, and wired as the local run needs (health and completion conditions,
 * the named database volume, credentials from .env with only placeholders in Git).
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { imageName, loadConfig } from '../lib/config/config.js';
import { readDockerfile } from './support/dockerfile.js';
import { repoRoot } from './support/paths.js';

const composeFile = join(repoRoot, 'docker-compose.yml');
const raw = readFileSync(composeFile, 'utf8');
const envExample = Object.fromEntries(
  readFileSync(join(repoRoot, '.env.example'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

/** Compose's variable interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g, (match, name, colon, op, arg) => {
    if (match === '$$') return '$';
    const value = env[name];
    const unset = value === undefined || (colon === ':' && value === '');
    if (!unset) return value;
    if (op === '-') return arg;
    if (op === '?') throw new Error(`${name}: ${arg}`);
    return '';
  });
}

const packageDir = dirname(createRequire(import.meta.url).resolve('dclint/package.json'));
const specSchema = JSON.parse(readFileSync(join(packageDir, 'schemas', 'compose.schema.json'), 'utf8'));
// strictTypes off: the specification leaves `type` implicit under oneOf; unknown keywords still fail.
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
// The file names the draft-07 meta-schema by its https address, which Ajv only knows by http.
const validateCompose = ajv.compile({ ...specSchema, $schema: undefined });

const compose = parse(interpolate(raw, envExample));
const services = compose.services as Record<string, any>;

describe('docker-compose.yml', () => {
  it('is valid under the Compose specification schema, before and after interpolation', () => {
    for (const document of [parse(raw), compose]) {
      const valid = validateCompose(document);
      expect(valid ? [] : validateCompose.errors).toEqual([]);
    }
  });

  it('would reject a misspelt condition, so the schema check can fail', () => {
    const broken = structuredClone(compose);
    broken.services.api.depends_on.db.condition = 'service_heathy';
    expect(validateCompose(broken)).toBe(false);
  });

  it('passes every dclint rule without a warning', () => {
    const cli = join(repoRoot, 'node_modules', '.bin', 'dclint');
    expect(() =>
      execFileSync(cli, [composeFile, '--max-warnings', '0', '--color', 'false'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('runs the database on a pinned postgres 16 alpine image, the one the cluster runs', () => {
    expect(services.db.image).toMatch(/^postgres:16\.\d+-alpine$/);
    expect(services.db.image).toBe(imageName(loadConfig({ LMS_API_IMAGE_TAG: '1.0.0' }).lms.postgres.image));
  });

  it('keeps the database in the named volume lms_db_data', () => {
    expect(services.db.volumes).toContain('lms_db_data:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toEqual(['lms_db_data']);
  });

  it('reports the database healthy only when pg_isready succeeds', () => {
    expect(services.db.healthcheck.test[0]).toBe('CMD-SHELL');
    expect(services.db.healthcheck.test[1]).toMatch(/^pg_isready /);
  });

  it('builds the API from the Dockerfile and publishes port 8000', () => {
    expect(services.api.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    const exposed = readDockerfile()
      .at(-1)!
      .instructions.find((i) => i.keyword === 'EXPOSE')!.args;
    expect(services.api.ports).toEqual([`127.0.0.1:8000:${exposed[0]}`]);
  });

  it('runs migrations and the seed once, from the API image, after the database is healthy', () => {
    expect(services.seed.build).toEqual(services.api.build);
    expect(services.seed.command.join(' ')).toMatch(
      /node dist\/database\/migrate\.js && node dist\/database\/seed\.js/,
    );
    expect(services.seed.restart).toBe('no');
    expect(services.seed.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  });

  it('starts the API only after the database is healthy and the seed job completed', () => {
    expect(services.api.depends_on).toEqual({
      db: { condition: 'service_healthy' },
      seed: { condition: 'service_completed_successfully' },
    });
  });

  it('gives the API and the seed the same database credentials as the database', () => {
    for (const name of ['api', 'seed']) {
      const env = services[name].environment;
      expect({ user: env.PGUSER, password: env.PGPASSWORD, database: env.PGDATABASE, host: env.PGHOST }).toEqual({
        user: services.db.environment.POSTGRES_USER,
        password: services.db.environment.POSTGRES_PASSWORD,
        database: services.db.environment.POSTGRES_DB,
        host: 'db',
      });
    }
    expect(services.api.environment.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });
});

describe('.env.example', () => {
  it('defines every variable docker-compose.yml requires', () => {
    expect(() => interpolate(raw, envExample)).not.toThrow();
    expect(() => interpolate(raw, {})).toThrow(/set .* in \.env/);
  });

  it('holds placeholders only, never a usable secret', () => {
    const secrets = Object.entries(envExample).filter(([key]) => /PASSWORD|SECRET|TOKEN/.test(key));
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    for (const [key, value] of secrets) {
      expect({ key, placeholder: value.startsWith('change-me') }).toEqual({ key, placeholder: true });
    }
  });

  it('is committed while .env itself is ignored by Git', () => {
    const ignored = (path: string) => {
      try {
        execFileSync('git', ['check-ignore', '-q', path], { cwd: repoRoot });
        return true;
      } catch {
        return false;
      }
    };
    expect(ignored('.env')).toBe(true);
    expect(ignored('.env.example')).toBe(false);
  });
});
