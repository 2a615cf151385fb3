import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distDir, repoRoot } from './manifests.js';

const work = mkdtempSync(join(tmpdir(), 'lms-synth-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the cdk8s app as `npm run synth` does, into `outdir`, without any LMS_* override. */
function synthInto(outdir: string): void {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('LMS_') && key !== 'NODE_OPTIONS'),
  );
  execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['main.ts'], {
    cwd: repoRoot,
    env: { ...env, CDK8S_OUTDIR: outdir },
    stdio: 'pipe',
  });
}

/** Every file under a chart folder, as name → content. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((file) => [file, readFileSync(join(dir, file), 'utf8')]),
  );
}

describe('synthesis', () => {
  const first = join(work, 'first');
  const second = join(work, 'second');
  synthInto(first);
  synthInto(second);

  it('writes one folder per chart', () => {
    expect(readdirSync(first).sort()).toEqual(expect.arrayContaining(['lms']));
    expect(readdirSync(first).sort()).toEqual(readdirSync(distDir).sort());
  });

  it('is deterministic: two runs write byte-identical files', () => {
    for (const chart of readdirSync(first)) expect(tree(join(second, chart))).toEqual(tree(join(first, chart)));
  });

  it('names lms files Kind.name.k8s.yaml, one object each', () => {
    for (const [file, content] of Object.entries(tree(join(first, 'lms')))) {
      expect(file).toMatch(/^[A-Z][A-Za-z]+\.[a-z0-9][a-z0-9.-]*\.k8s\.yaml$/);
      expect(content.match(/^kind: /gm)).toHaveLength(1);
    }
  });

  it('matches dist/lms on disk (CI also checks it against git)', () => {
    expect(tree(join(distDir, 'lms'))).toEqual(tree(join(first, 'lms')));
  });
});
