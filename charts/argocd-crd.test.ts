/**
 * The Argo CD objects in dist/argocd/ checked against the v3.5.1 CRDs in test/fixtures/crds, made strict
 * (an unknown field is an error, where Kubernetes would silently drop it), and imports/ checked to be
 * exactly what `cdk8s import` generates from those CRDs.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crdValidator as validatorFor } from '../test/crd-schema.js';
import { crdDir } from '../test/fixtures.js';
import { readDist } from '../test/manifests.js';
import type { Manifest } from '../test/manifests.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const crdFiles = { Application: 'argocd-application-crd.yaml', AppProject: 'argocd-appproject-crd.yaml' } as const;

const crdValidator = (file: string) => validatorFor(crdDir, file);

const argocdManifests = () =>
  readDist('argocd').flatMap(({ path, objects }) =>
    objects.map((doc) => ({ file: path, doc: doc as { kind: keyof typeof crdFiles } & Manifest })),
  );

describe('dist/argocd against the Argo CD v3.5.1 CRDs', () => {
  const validators = { Application: crdValidator(crdFiles.Application), AppProject: crdValidator(crdFiles.AppProject) };

  it('holds only Applications and AppProjects, each valid under the strict CRD schema', () => {
    const manifests = argocdManifests();
    expect(manifests.length).toBeGreaterThanOrEqual(3);
    for (const { file, doc } of manifests) {
      const validate = validators[doc.kind];
      expect(validate).toBeDefined();
      const valid = validate(doc);
      expect({ file, errors: valid ? [] : validate.errors }).toEqual({ file, errors: [] });
    }
  });

  it('rejects a misspelt field, so the check above can fail', () => {
    const application = argocdManifests().find(({ doc }) => doc.kind === 'Application')!.doc as any;
    const typo = { ...application, spec: { ...application.spec, syncPolicy: { automatic: { prune: true } } } };
    expect(validators.Application(typo)).toBe(false);
    const wrongType = {
      ...application,
      spec: { ...application.spec, source: { ...application.spec.source, directory: { recurse: 'yes' } } },
    };
    expect(validators.Application(wrongType)).toBe(false);
  });

  it('keeps imports/ exactly as cdk8s import generates it from the same CRDs', () => {
    const out = mkdtempSync(join(tmpdir(), 'lms-import-'));
    try {
      const cli = join(repoRoot, 'node_modules', '.bin', 'cdk8s');
      for (const [prefix, file] of [
        ['argocd', crdFiles.Application],
        ['argocd-project', crdFiles.AppProject],
      ]) {
        execFileSync(cli, ['import', `${prefix}:=${join(crdDir, file)}`, '--language', 'typescript', '--output', out], {
          cwd: out,
          stdio: 'pipe',
        });
      }
      for (const generated of readdirSync(out).filter((f) => f.endsWith('.ts'))) {
        expect(readFileSync(join(repoRoot, 'imports', generated), 'utf8')).toBe(
          readFileSync(join(out, generated), 'utf8'),
        );
      }
      expect(
        readdirSync(join(repoRoot, 'imports'))
          .filter((f) => f.startsWith('argocd'))
          .sort(),
      ).toEqual(
        readdirSync(out)
          .filter((f) => f.endsWith('.ts'))
          .sort(),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
