/**
 * The delivery step of CI on `main`: pin the freshly pushed API image, synthesize, and commit
 * `dist/` plus the tag so that Argo CD, which watches `dist/`, rolls it out.
 *
 *   npx tsx scripts/publish-dist.ts --image-tag <tag> [--image-repository <repo>] [--push]
 *                                   [--remote origin] [--branch main]
 *
 * - With --image-repository (where CI pushed the image), first checks that the charts pull from
 *   that same repository: a mismatch would deploy an image reference nobody pushed.
 * - Writes the tag into deploy/api-image-tag (the file lib/config/config.ts reads).
 * - Runs the synth (`npx cdk8s synth`, or SYNTH_COMMAND). cdk8s deletes dist/ before writing it, so
 *   a failed synth leaves a broken tree: then nothing is committed and the tree is restored.
 * - Commits nothing when neither dist/ nor the tag changed.
 * - Otherwise commits both with `[skip ci]` (the commit must not trigger another delivery run) and,
 *   with --push, rebases on the remote branch and pushes, retrying when someone pushed meanwhile.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, resolveApiImageTag } from '../lib/config/config.js';

/** Path of the tag file and of the synthesized manifests, relative to the repository root. */
export const tagFile = 'deploy/api-image-tag';
export const distDir = 'dist';

export interface PublishOptions {
  readonly imageTag: string;
  /** Repository CI pushed the image to; must be the one the configuration points the charts at. */
  readonly imageRepository?: string;
  readonly push: boolean;
  readonly remote: string;
  readonly branch: string;
  readonly synthCommand: string;
  /** Attempts at rebase-and-push before giving up. */
  readonly pushAttempts: number;
}

/** What happened, for the caller and the tests. */
export type PublishOutcome = 'committed' | 'unchanged';

function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function gitSucceeds(root: string, ...args: string[]): boolean {
  return spawnSync('git', args, { cwd: root, stdio: 'ignore' }).status === 0;
}

function log(message: string): void {
  console.log(`publish-dist: ${message}`);
}

function hasYaml(folder: string): boolean {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).some((file) => file.endsWith('.yaml'));
}

/** Puts dist/ and the tag file back as HEAD has them. */
function restore(root: string): void {
  git(root, 'checkout', 'HEAD', '--', tagFile);
  git(root, 'clean', '-f', '-d', '-q', '--', distDir);
  if (git(root, 'ls-tree', '--name-only', 'HEAD', distDir)) {
    git(root, 'checkout', 'HEAD', '--', distDir);
  }
}

export function publishDist(root: string, options: PublishOptions): PublishOutcome {
  const tag = resolveApiImageTag({ LMS_API_IMAGE_TAG: options.imageTag });
  if (options.imageRepository !== undefined) {
    const configured = loadConfig({ ...process.env, LMS_API_IMAGE_TAG: tag }).lms.api.image.repository;
    if (configured !== options.imageRepository) {
      throw new Error(
        `the charts pull ${configured} but CI pushed ${options.imageRepository}; ` +
          `make the default API image repository in lib/config/config.ts ${options.imageRepository}.`,
      );
    }
  }
  const dirty = git(root, 'status', '--porcelain', '--', distDir, tagFile);
  if (dirty) {
    throw new Error(`${distDir}/ or ${tagFile} has uncommitted changes; publish from a clean checkout:\n${dirty}`);
  }

  writeFileSync(join(root, tagFile), `${tag}\n`);
  log(`synthesizing with the API image tag ${tag}`);
  const synth = spawnSync(options.synthCommand, { cwd: root, shell: true, stdio: 'inherit' });
  if (synth.status !== 0 || !existsSync(join(root, distDir)) || !hasYaml(join(root, distDir))) {
    restore(root);
    throw new Error(`synth failed (exit ${synth.status ?? synth.signal}); nothing was committed.`);
  }

  git(root, 'add', '--all', '--', distDir, tagFile);
  if (gitSucceeds(root, 'diff', '--cached', '--quiet', '--', distDir, tagFile)) {
    log(`${distDir}/ and ${tagFile} are unchanged; nothing to commit.`);
    return 'unchanged';
  }
  git(
    root,
    'commit',
    '-q',
    '-m',
    `deploy: API image ${tag} and synthesized ${distDir}/ [skip ci]`,
    '--',
    distDir,
    tagFile,
  );
  log(`committed ${git(root, 'rev-parse', '--short', 'HEAD')}`);

  if (options.push) {
    pushWithRebase(root, options);
  }
  return 'committed';
}

function pushWithRebase(root: string, options: PublishOptions): void {
  for (let attempt = 1; attempt <= options.pushAttempts; attempt++) {
    git(root, 'fetch', '-q', options.remote, options.branch);
    if (!gitSucceeds(root, 'rebase', '-q', `${options.remote}/${options.branch}`)) {
      gitSucceeds(root, 'rebase', '--abort');
      throw new Error(
        `the ${distDir}/ commit does not rebase onto ${options.remote}/${options.branch} (someone edited ${distDir}/ by hand?); nothing was pushed.`,
      );
    }
    if (gitSucceeds(root, 'push', '-q', options.remote, `HEAD:refs/heads/${options.branch}`)) {
      log(`pushed to ${options.remote}/${options.branch} (attempt ${attempt})`);
      return;
    }
    log(`push rejected (attempt ${attempt} of ${options.pushAttempts}); rebasing again`);
  }
  throw new Error(`could not push to ${options.remote}/${options.branch} after ${options.pushAttempts} attempts.`);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'image-tag': { type: 'string' },
      'image-repository': { type: 'string' },
      push: { type: 'boolean', default: false },
      remote: { type: 'string', default: 'origin' },
      branch: { type: 'string', default: 'main' },
    },
  });
  if (!values['image-tag']) {
    throw new Error(
      'Usage: publish-dist.ts --image-tag <tag> [--image-repository <repo>] [--push] [--remote origin] [--branch main]',
    );
  }
  const root = git(process.cwd(), 'rev-parse', '--show-toplevel');
  publishDist(root, {
    imageTag: values['image-tag'],
    imageRepository: values['image-repository'],
    push: values.push,
    remote: values.remote,
    branch: values.branch,
    synthCommand: process.env.SYNTH_COMMAND || 'npx cdk8s synth',
    pushAttempts: 3,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main();
  } catch (error) {
    console.error(`publish-dist: ${(error as Error).message}`);
    process.exit(1);
  }
}
