/**
 * The Dockerfile and .dockerignore, read as data (dockerfile-ast, @balena/dockerignore) and checked
 * point by point against what the image must be. Docker cannot build here; the build rehearsal
 * (build-rehearsal.test.ts) replays the build stage for real.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readDockerfile, stage } from './support/dockerfile.js';
import { repoRoot } from './support/paths.js';
import type { DockerInstruction, DockerStage } from './support/dockerfile.js';

// The package is CommonJS (`module.exports = factory`) while its typings declare a default export.
const dockerignore = createRequire(import.meta.url)(
  '@balena/dockerignore',
) as typeof import('@balena/dockerignore').default;
const stages = readDockerfile();
const build = stage(stages, 'build');
const runtime = stages.at(-1)!;
const of = (s: DockerStage, keyword: string): DockerInstruction[] =>
  s.instructions.filter((i) => i.keyword === keyword);
const only = (s: DockerStage, keyword: string): DockerInstruction => {
  const found = of(s, keyword);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const runs = (s: DockerStage) => of(s, 'RUN').map((i) => i.content);

describe('Dockerfile', () => {
  it('builds in a separate stage from the one it ships', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime.name).toBe('runtime');
    expect(runtime).not.toBe(build);
  });

  it('starts every stage from an exactly pinned Node LTS Alpine image', () => {
    for (const { image } of stages) {
      const match = /^node:(\d+)\.(\d+)\.(\d+)-alpine(\d+\.\d+)?(@sha256:[0-9a-f]{64})?$/.exec(image);
      expect({ image, pinned: !!match }).toEqual({ image, pinned: true });
      const major = Number(match![1]);
      expect({ image, lts: major >= 20 && major % 2 === 0 }).toEqual({ image, lts: true });
    }
  });

  it('installs with npm ci from the lockfile copied before the install', () => {
    const install = build.instructions.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.content));
    expect(install).toBeGreaterThan(0);
    const lockfileCopy = build.instructions.findIndex(
      (i) => i.keyword === 'COPY' && i.args.slice(0, -1).includes('package-lock.json'),
    );
    expect(lockfileCopy).toBeGreaterThanOrEqual(0);
    expect(lockfileCopy).toBeLessThan(install);
    expect(runs(build).join('\n')).not.toMatch(/\bnpm install\b/);
  });

  it('compiles the api, then prunes it to production dependencies', () => {
    const commands = runs(build);
    const compile = commands.findIndex((c) => /npm run build (--workspace|-w) api/.test(c));
    const prune = commands.findIndex((c) => /npm prune --omit=dev/.test(c));
    expect(compile).toBeGreaterThan(0);
    expect(prune).toBeGreaterThan(compile);
  });

  it('runs nothing in the runtime stage, so the rehearsal covers every command', () => {
    expect(of(runtime, 'RUN')).toEqual([]);
    for (const copy of of(runtime, 'COPY')) {
      expect({ copy: copy.content, from: copy.flags.from }).toEqual({ copy: copy.content, from: 'build' });
    }
  });

  it('lays out /app as the api package: dist/, node_modules/ and package.json', () => {
    expect(only(runtime, 'WORKDIR').args).toEqual(['/app']);
    const targets = of(runtime, 'COPY').map((c) => `${c.args.at(-2)} -> ${c.args.at(-1)}`);
    expect(targets).toEqual(
      expect.arrayContaining([
        '/src/api/dist -> ./dist',
        '/src/api/package.json -> ./package.json',
        '/src/node_modules -> ./node_modules',
      ]),
    );
  });

  it('runs as a non-root numeric user', () => {
    const [user, group] = only(runtime, 'USER').args[0]!.split(':');
    expect(user).toMatch(/^[1-9]\d*$/);
    expect(group ?? '1').toMatch(/^[1-9]\d*$/);
  });

  it('sets NODE_ENV=production and exposes port 8000', () => {
    expect(of(runtime, 'ENV').map((e) => e.properties.NODE_ENV)).toContain('production');
    expect(only(runtime, 'EXPOSE').args).toEqual(['8000']);
  });

  it('checks health with node fetch against /health, without curl or wget', () => {
    const check = only(runtime, 'HEALTHCHECK');
    expect(check.json?.[0]).toBe('node');
    expect(check.json?.join(' ')).toMatch(/fetch\(.*\/health\/(ready|live)/);
    expect(check.content).not.toMatch(/\b(curl|wget)\b/);
    expect(check.args).toEqual(expect.arrayContaining(['CMD']));
  });

  it('starts node directly as PID 1 (exec form, no npm, no shell) so SIGTERM reaches the API', () => {
    expect(only(runtime, 'CMD').json).toEqual(['node', 'dist/main.js']);
    expect(of(runtime, 'ENTRYPOINT')).toEqual([]);
  });

  it('carries the OCI labels registries and scanners read', () => {
    const labels = Object.assign({}, ...of(runtime, 'LABEL').map((l) => l.properties));
    for (const key of ['title', 'description', 'source', 'version', 'revision', 'licenses']) {
      expect(labels[`org.opencontainers.image.${key}`]).toEqual(expect.any(String));
    }
  });
});

describe('.dockerignore', () => {
  const ignore = dockerignore({ ignorecase: false }).add(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));

  it.each([
    'node_modules/typescript/package.json',
    'api/node_modules/pg/package.json',
    'api/dist/main.js',
    'dist/lms/Namespace.lms.k8s.yaml',
    '.git/HEAD',
    'api/src/books/books.service.test.ts',
    'api/src/test/api-process.ts',
    'charts/lms.ts',
    '.env',
    'api/.env',
  ])('keeps %s out of the build context', (path) => {
    expect(ignore.ignores(path)).toBe(true);
  });

  it.each([
    'package.json',
    'package-lock.json',
    'tsconfig.base.json',
    'api/package.json',
    'api/tsconfig.build.json',
    'api/src/main.ts',
    'api/src/database/migrate.ts',
  ])('sends %s to the build', (path) => {
    expect(ignore.ignores(path)).toBe(false);
  });

  it('sends every file the build stage copies from the context', () => {
    const fromContext = of(build, 'COPY')
      .filter((c) => !c.flags.from)
      .flatMap((c) => c.args.slice(0, -1));
    for (const source of fromContext) {
      expect({ source, ignored: ignore.ignores(source) }).toEqual({ source, ignored: false });
    }
  });
});
