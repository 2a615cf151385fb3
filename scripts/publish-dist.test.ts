/**
 * scripts/publish-dist.ts run as CI runs it (a process, `tsx`), on throwaway Git repositories with a
 * bare "origin". The synth is a stand-in that behaves like cdk8s: it deletes dist/ first, then
 * writes manifests from the configuration (here: the image tag), or fails half-way.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const script = join(repoRoot, 'scripts', 'publish-dist.ts');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');

/** Like `cdk8s synth`: removes dist/ first, then writes one manifest per "chart" from the tag file. */
const fakeSynth = `node -e "
const fs = require('fs');
fs.rmSync('dist', { recursive: true, force: true });
const tag = fs.readFileSync('deploy/api-image-tag', 'utf8').trim();
fs.mkdirSync('dist/lms', { recursive: true });
fs.writeFileSync('dist/lms/Deployment.lms-api.k8s.yaml', 'image: lms-api:' + tag + '\\\\n');
fs.mkdirSync('dist/argocd', { recursive: true });
fs.writeFileSync('dist/argocd/Application.lms.k8s.yaml', 'path: dist/lms\\\\n');
"`;
/** Deletes dist/ like cdk8s does, then dies before writing anything. */
const failingSynth = `node -e "require('fs').rmSync('dist', { recursive: true, force: true }); process.exit(3)"`;

let sandbox: string;
let origin: string;
let work: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

function clone(name: string): string {
  const dir = join(sandbox, name);
  git(sandbox, 'clone', '-q', origin, dir);
  git(dir, 'config', 'user.name', 'CI');
  git(dir, 'config', 'user.email', 'ci@lms.invalid');
  return dir;
}

function publish(cwd: string, tag: string, synth = fakeSynth, ...extra: string[]) {
  const run = spawnSync(tsx, [script, '--image-tag', tag, ...extra], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: sandbox,
      SYNTH_COMMAND: synth,
      LMS_API_IMAGE_REPOSITORY: 'ghcr.io/lms-platform/lms-api',
    },
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

beforeEach(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'lms-publish-'));
  origin = join(sandbox, 'origin.git');
  git(sandbox, 'init', '-q', '--bare', '-b', 'main', origin);
  const seed = clone('seed');
  mkdirSync(join(seed, 'deploy'));
  writeFileSync(join(seed, 'deploy', 'api-image-tag'), '1.0.0\n');
  writeFileSync(join(seed, 'README.md'), 'lms\n');
  execFileSync('sh', ['-c', fakeSynth], { cwd: seed });
  git(seed, 'add', '.');
  git(seed, 'commit', '-q', '-m', 'initial');
  git(seed, 'push', '-q', 'origin', 'HEAD:main');
  work = clone('work');
});

afterEach(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

describe('publish-dist', () => {
  it('commits dist/ and the image tag with [skip ci] when the synthesized output changed', () => {
    const before = git(work, 'rev-parse', 'HEAD');
    const run = publish(work, 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2');
    expect(run).toMatchObject({ code: 0 });
    expect(git(work, 'rev-parse', 'HEAD~1')).toBe(before);
    expect(git(work, 'log', '-1', '--format=%s')).toMatch(/\[skip ci\]$/);
    expect(git(work, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual([
      'deploy/api-image-tag',
      'dist/lms/Deployment.lms-api.k8s.yaml',
    ]);
    expect(git(work, 'show', 'HEAD:dist/lms/Deployment.lms-api.k8s.yaml')).toBe(
      'image: lms-api:a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
    );
    expect(git(work, 'status', '--porcelain')).toBe('');
  }, 30_000);

  it('commits nothing when dist/ and the tag are unchanged', () => {
    const before = git(work, 'rev-parse', 'HEAD');
    const run = publish(work, '1.0.0');
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/unchanged; nothing to commit/);
    expect(git(work, 'rev-parse', 'HEAD')).toBe(before);
    expect(git(work, 'status', '--porcelain')).toBe('');
  }, 30_000);

  it('commits nothing when the synth fails, and restores the dist/ it deleted', () => {
    const before = git(work, 'rev-parse', 'HEAD');
    const run = publish(work, '2.0.0', failingSynth, '--push');
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/synth failed \(exit 3\); nothing was committed/);
    expect(git(work, 'rev-parse', 'HEAD')).toBe(before);
    expect(git(work, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(work, 'dist', 'lms', 'Deployment.lms-api.k8s.yaml'))).toBe(true);
    expect(readFileSync(join(work, 'deploy', 'api-image-tag'), 'utf8')).toBe('1.0.0\n');
    expect(git(origin, 'rev-parse', 'main')).toBe(before);
  }, 30_000);

  it('rebases onto commits pushed meanwhile, then pushes', () => {
    const other = clone('other');
    writeFileSync(join(other, 'README.md'), 'lms, edited elsewhere\n');
    git(other, 'commit', '-q', '-am', 'docs');
    git(other, 'push', '-q', 'origin', 'HEAD:main');
    const theirs = git(other, 'rev-parse', 'HEAD');

    const run = publish(work, '3.0.0', fakeSynth, '--push');
    expect(run).toMatchObject({ code: 0 });
    expect(git(origin, 'rev-parse', 'main~1')).toBe(theirs);
    expect(git(origin, 'log', '-1', '--format=%s', 'main')).toMatch(/3\.0\.0 .*\[skip ci\]/);
    expect(git(origin, 'show', 'main:deploy/api-image-tag')).toBe('3.0.0');
  }, 30_000);

  it('pushes when the charts pull from the repository CI pushed the image to', () => {
    const run = publish(work, '4.0.0', fakeSynth, '--image-repository', 'ghcr.io/lms-platform/lms-api', '--push');
    expect(run).toMatchObject({ code: 0 });
    expect(git(origin, 'show', 'main:deploy/api-image-tag')).toBe('4.0.0');
  }, 30_000);

  it('refuses to publish when the charts would pull from another repository than CI pushed to', () => {
    const before = git(work, 'rev-parse', 'HEAD');
    const run = publish(work, '4.0.0', fakeSynth, '--image-repository', 'ghcr.io/someone-else/lms-api', '--push');
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(
      /the charts pull ghcr.io\/lms-platform\/lms-api but CI pushed ghcr.io\/someone-else\/lms-api/,
    );
    expect(git(work, 'rev-parse', 'HEAD')).toBe(before);
    expect(git(work, 'status', '--porcelain')).toBe('');
  }, 30_000);

  it('refuses a floating tag before touching anything', () => {
    const run = publish(work, 'latest');
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/not a pinned version/);
    expect(git(work, 'status', '--porcelain')).toBe('');
  }, 30_000);
});
