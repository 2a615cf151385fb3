import { beforeAll, describe, expect, it } from '@jest/globals';
import { definitionsPath, StrictKubernetesSchema, validateWithModels } from './k8s-schema.js';
import { findObject, readDist } from './manifests.js';
import type { Manifest } from './manifests.js';

const files = readDist();
const all = files.flatMap((file) => file.objects.map((object) => ({ file, object })));
const label = ({ file, object }: { file: { chart: string }; object: Manifest }) =>
  `${file.chart}/${object.kind}/${object.metadata.name}`;
// Custom resources (Argo CD's) are checked against their CRDs by the argocd chart's own tests.
const isCustomResource = (object: Manifest) => object.apiVersion.startsWith('argoproj.io/');
const builtIn = all.filter(({ object }) => !isCustomResource(object));
const lmsDeployment = () =>
  structuredClone(
    findObject(
      readDist('lms').flatMap((f) => f.objects),
      'Deployment',
      'lms-api',
    ),
  );

describe('dist/ against kubernetes-models', () => {
  it('has synthesized manifests to check', () => {
    expect(readDist('lms').length).toBeGreaterThan(10);
  });

  it.each(builtIn.map((entry) => [label(entry), entry.object] as const))(
    '%s is a valid object',
    async (_name, object) => {
      expect(await validateWithModels(object)).toEqual([]);
    },
  );

  it('rejects a wrong type', async () => {
    const deployment = lmsDeployment();
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'eight thousand';
    expect((await validateWithModels(deployment)).join('\n')).toMatch(/containerPort/);
  });
});

describe('dist/ against the strict Kubernetes 1.28 schema', () => {
  let schema: StrictKubernetesSchema;
  beforeAll(() => {
    schema = new StrictKubernetesSchema(definitionsPath);
  });

  it.each(builtIn.map((entry) => [label(entry), entry.object] as const))(
    '%s has only known fields of the right types',
    (_name, object) => {
      expect(schema.validate(object)).toEqual([]);
    },
  );

  it('rejects an unknown field deep inside a pod template', () => {
    const deployment = lmsDeployment();
    deployment.spec.template.spec.containers[0].readinesProbe = { httpGet: { path: '/', port: 8000 } };
    expect(schema.validate(deployment)).toContain(
      "/spec/template/spec/containers/0 must NOT have additional properties 'readinesProbe'",
    );
  });

  it('rejects an unknown top-level spec field', () => {
    const deployment = lmsDeployment();
    deployment.spec.replica = 3;
    expect(schema.validate(deployment)).toContain("/spec must NOT have additional properties 'replica'");
  });

  it('rejects a wrong type', () => {
    const deployment = lmsDeployment();
    deployment.spec.template.spec.terminationGracePeriodSeconds = 'thirty';
    expect(schema.validate(deployment).join('\n')).toMatch(
      /\/spec\/template\/spec\/terminationGracePeriodSeconds must be integer/,
    );
  });

  it('knows every built-in kind in dist/', () => {
    expect(builtIn.filter(({ object }) => !schema.knows(object)).map(label)).toEqual([]);
  });
});
