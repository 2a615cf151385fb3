/** Published schemas the tests validate against, kept in the repository (see test/fixtures/*\/README.md). */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Kubernetes OpenAPI definitions of one release, e.g. `kubernetesDefinitions('1.28.0')`. */
export function kubernetesDefinitions(version: '1.28.0' | '1.33.0' | '1.36.0'): string {
  return join(fixturesDir, 'schemas', `k8s-v${version}-definitions.json`);
}

/** The folder of the upstream CRDs (Argo CD, CloudNativePG, Barman Cloud plugin). */
export const crdDir = join(fixturesDir, 'crds');
