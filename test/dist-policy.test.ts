import { describe, expect, it } from '@jest/globals';
import { findObject, podSpecs, readDist } from './manifests.js';
import type { Manifest } from './manifests.js';
import {
  argoAnnotationsValid,
  imagesPinned,
  jobsAreHooks,
  noHashSuffixes,
  noLiteralSecrets,
  noSecretData,
  podSecurityRestricted,
  policies,
  probesSet,
  resourcesSet,
  restrictedNamespaces,
  selectorsWithoutVersion,
  servicesSelectPods,
} from './policy.js';

const everything = readDist().flatMap((file) => file.objects);
const lms = readDist('lms').flatMap((file) => file.objects);

/**
 * Violations in other charts that their owners know about and still have to fix. Each entry must
 * still occur (a fixed one fails the test until it is removed here), so the list cannot go stale.
 */
const knownViolations: Record<string, string[]> = {};

describe('policy over dist/', () => {
  it.each(Object.entries(policies))('%s holds for every object', (rule, check) => {
    const known = knownViolations[rule] ?? [];
    const found = check(everything);
    if (known.length > 0)
      console.warn(`${rule}: known violations outside dist/lms, to be fixed by their owners:\n  ${known.join('\n  ')}`);
    expect(found.filter((problem) => !known.includes(problem))).toEqual([]);
    const fixed = known.filter((problem) => !found.includes(problem));
    if (fixed.length > 0)
      throw new Error(`Fixed, so remove from knownViolations in test/dist-policy.test.ts: ${fixed.join('; ')}`);
  });

  it('holds every rule in dist/lms without exceptions, and every Job there is an Argo CD hook', () => {
    for (const check of [...Object.values(policies), jobsAreHooks]) expect(check(lms)).toEqual([]);
  });

  it('checks the pods of lms as Pod Security restricted', () => {
    expect(restrictedNamespaces(lms)).toEqual(['lms']);
    const checked = podSpecs(lms).map(({ owner }) => `${owner.kind}/${owner.metadata.name}`);
    expect(checked.sort()).toEqual([
      'CronJob/postgres-backup',
      'Deployment/lms-api',
      'Deployment/lms-notice-worker',
      'Job/lms-migrate',
      'Job/lms-secret-generator',
      'Job/lms-seed',
      'StatefulSet/postgres',
    ]);
  });

  it('labels every object in dist/lms with the six app.kubernetes.io labels', () => {
    const expected = ['component', 'instance', 'managed-by', 'name', 'part-of', 'version'].map(
      (k) => `app.kubernetes.io/${k}`,
    );
    for (const o of lms) {
      expect([
        `${o.kind}/${o.metadata.name}`,
        Object.keys(o.metadata.labels ?? {})
          .filter((k) => k.startsWith('app.kubernetes.io/'))
          .sort(),
      ]).toEqual([`${o.kind}/${o.metadata.name}`, expected]);
    }
  });
});

// Each rule must be able to fail: break one copy of a real object and expect the rule to say so.
describe('policy rules catch violations', () => {
  const deployment = () => structuredClone(findObject(lms, 'Deployment', 'lms-api'));
  const namespace = findObject(lms, 'Namespace', 'lms');
  const container = (d: Manifest) => d.spec.template.spec.containers[0];

  it('Pod Security: privilege escalation, root, missing seccomp, hostPath', () => {
    const d = deployment();
    container(d).securityContext.allowPrivilegeEscalation = true;
    container(d).securityContext.runAsUser = 0;
    delete container(d).securityContext.seccompProfile;
    d.spec.template.spec.volumes.push({ name: 'host', hostPath: { path: '/' } });
    expect(podSecurityRestricted([namespace, d])).toEqual([
      'Deployment/lms-api in lms: volume host of type hostPath is not allowed',
      'Deployment/lms-api in lms container api: allowPrivilegeEscalation is not false',
      'Deployment/lms-api in lms container api: runs as user 0',
      'Deployment/lms-api in lms container api: seccomp profile is unset',
    ]);
  });

  it('resources, probes and image tags', () => {
    const d = deployment();
    delete container(d).resources.limits;
    delete container(d).livenessProbe;
    container(d).image = 'lms-api:latest';
    expect(resourcesSet([d])).toEqual(['Deployment/lms-api in lms container api lacks a memory limit']);
    expect(probesSet([d])).toEqual(['Deployment/lms-api in lms container api has no liveness probe']);
    expect(imagesPinned([d])).toEqual(['Deployment/lms-api in lms container api: image "lms-api:latest" uses latest']);
    container(d).image = 'registry.local:5000/lms-api';
    expect(imagesPinned([d])).toEqual([
      'Deployment/lms-api in lms container api: image "registry.local:5000/lms-api" has no tag',
    ]);
  });

  it('secrets in data, env or ConfigMaps', () => {
    const d = deployment();
    container(d).env.push({ name: 'JWT_SECRET', value: 'hunter2' });
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'lms' }, data: { k: 'dg==' } };
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'lms' },
      data: { DB_PASSWORD: 'x' },
    };
    expect(noSecretData([secret])).toEqual(['Secret/s in lms holds data']);
    expect(noLiteralSecrets([d, configMap])).toEqual([
      'Deployment/lms-api in lms container api: JWT_SECRET is a literal value',
      'ConfigMap/c in lms: key DB_PASSWORD looks secret',
    ]);
  });

  it('services without pods, hash suffixes, version selectors, bad Argo CD annotations', () => {
    const service = structuredClone(findObject(lms, 'Service', 'lms-api'));
    service.spec.selector['app.kubernetes.io/name'] = 'lms-apj';
    expect(servicesSelectPods([deployment(), service])).toEqual(['Service/lms-api in lms selects no pods']);

    const d = deployment();
    d.metadata.name = 'lms-api-c8f4c39f';
    d.spec.selector.matchLabels['app.kubernetes.io/version'] = '1';
    d.metadata.annotations['argocd.argoproj.io/hook'] = 'Presync';
    expect(noHashSuffixes([d])).toEqual(['Deployment/lms-api-c8f4c39f in lms has a hash suffix']);
    expect(selectorsWithoutVersion([d])).toEqual(['Deployment/lms-api-c8f4c39f in lms selects by version']);
    expect(argoAnnotationsValid([d])).toEqual(['Deployment/lms-api-c8f4c39f in lms: unknown hook "Presync"']);

    const job = structuredClone(findObject(lms, 'Job', 'lms-migrate'));
    delete job.metadata.annotations['argocd.argoproj.io/hook'];
    expect(argoAnnotationsValid([job])).toEqual(['Job/lms-migrate in lms: hook-delete-policy without a hook']);
    expect(jobsAreHooks([job])).toEqual(['Job/lms-migrate in lms: Job is not an Argo CD hook']);
  });
});
