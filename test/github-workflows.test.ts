/**
 * The GitHub workflows: valid under action-validator (the Actions workflow schema), and shaped as
 * the delivery needs (triggers, least-privilege permissions per job, one delivery at a time, the
 * image tagged with the commit SHA, the commit logic left to scripts/publish-dist.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './support/paths.js';

const workflowsDir = join(repoRoot, '.github', 'workflows');
const validator = join(repoRoot, 'node_modules', '.bin', 'action-validator');
const read = (name: string) => parse(readFileSync(join(workflowsDir, name), 'utf8'));
const ci = read('ci.yml');
const deliver = read('deliver.yml');

function validate(file: string) {
  const run = spawnSync(validator, [file], { encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

const stepsText = (job: { steps?: { run?: string; uses?: string; with?: unknown }[] }) =>
  (job.steps ?? []).map((s) => `${s.uses ?? ''} ${s.run ?? ''} ${JSON.stringify(s.with ?? {})}`).join('\n');

describe('GitHub workflows', () => {
  const files = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));

  it.each(files)('%s is valid under action-validator', (file) => {
    expect(validate(join(workflowsDir, file))).toMatchObject({ code: 0 });
  });

  it('would reject a misspelt key, so the validation can fail', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lms-workflow-'));
    try {
      const broken = join(dir, 'broken.yml');
      writeFileSync(broken, readFileSync(join(workflowsDir, 'ci.yml'), 'utf8').replace('runs-on:', 'runs_on:'));
      expect(validate(broken).code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('grants nothing by default and names each job its own permissions', () => {
    for (const workflow of [ci, deliver]) {
      expect(workflow.permissions).toEqual({});
      for (const [name, job] of Object.entries<any>(workflow.jobs)) {
        expect({ name, permissions: typeof job.permissions }).toEqual({ name, permissions: 'object' });
        expect(Object.values(job.permissions).every((p) => p === 'read' || p === 'write')).toBe(true);
      }
    }
  });
});

describe('ci.yml', () => {
  it('runs on pull requests, on pushes, and when the delivery calls it', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
  });

  it('runs the team CI entry point, which holds npm ci, lint, typecheck, tests, synth and the drift check', () => {
    expect(stepsText(ci.jobs.checks)).toMatch(/bash \.ci\/run/);
    const entryPoint = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8');
    for (const step of [
      'npm ci',
      'npm run lint',
      'npm run typecheck',
      'npm run synth',
      'git diff --exit-code',
      'npm test',
    ]) {
      expect(entryPoint).toContain(step);
    }
    expect(ci.jobs.checks.permissions).toEqual({ contents: 'read' });
  });

  it('fetches the same Argo CD CRD version that cdk8s.yaml records for imports/', () => {
    const cdk8sYaml = readFileSync(join(repoRoot, 'cdk8s.yaml'), 'utf8');
    expect(cdk8sYaml).toContain(`/argo-cd/${ci.env.ARGOCD_VERSION}/manifests/crds/application-crd.yaml`);
    expect(cdk8sYaml).toContain(`/argo-cd/${ci.env.ARGOCD_VERSION}/manifests/crds/appproject-crd.yaml`);
  });

  it('validates dist/ strictly with kubeconform and the CRD catalog, and lints it with kube-linter', () => {
    const steps = stepsText(ci.jobs.manifests);
    expect(steps).toMatch(/kubeconform -strict[\s\S]*CRDs-catalog[\s\S]*dist\//);
    expect(steps).toMatch(/sha256sum --check/);
    expect(steps).toMatch(/stackrox\/kube-linter-action@v1 .*"directory":"dist"/);
    expect(ci.jobs.manifests.permissions).toEqual({ contents: 'read' });
  });
});

describe('deliver.yml', () => {
  it('runs on pushes to main, except for commits that only touch dist/ and the image tag (deliveries, rollbacks)', () => {
    expect(deliver.on).toEqual({ push: { branches: ['main'], 'paths-ignore': ['dist/**', 'deploy/api-image-tag'] } });
  });

  it('delivers one push at a time and never cancels a delivery half-way', () => {
    expect(deliver.concurrency).toEqual({ group: 'deliver-main', 'cancel-in-progress': false });
  });

  it('checks first, then builds the image, then publishes dist/', () => {
    expect(deliver.jobs.checks.uses).toBe('./.github/workflows/ci.yml');
    expect(deliver.jobs.image.needs).toBe('checks');
    expect(deliver.jobs.publish.needs).toBe('image');
  });

  it('pushes the image to GHCR tagged with the commit SHA, with only the package permission it needs', () => {
    expect(deliver.jobs.image.permissions).toEqual({ contents: 'read', packages: 'write' });
    const build = deliver.jobs.image.steps.find((s: any) => String(s.uses).startsWith('docker/build-push-action@'));
    expect(build.with).toMatchObject({ push: true, tags: '${{ steps.name.outputs.repository }}:${{ github.sha }}' });
    expect(stepsText(deliver.jobs.image)).toMatch(/ghcr\.io\/\$\{OWNER,,\}\/lms-api/);
  });

  it('leaves the commit to scripts/publish-dist.ts, with write access to contents only', () => {
    expect(deliver.jobs.publish.permissions).toEqual({ contents: 'write' });
    const publish = deliver.jobs.publish.steps.find((s: any) => String(s.run).includes('publish-dist'));
    expect(publish.run).toMatch(/npx tsx scripts\/publish-dist\.ts --image-tag "\$GITHUB_SHA" .*--push/);
    expect(publish.env.IMAGE_REPOSITORY).toBe('${{ needs.image.outputs.repository }}');
  });
});
