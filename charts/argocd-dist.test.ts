/**
 * The committed dist/ seen as Argo CD will see it: every chart folder has its Application, and the
 * AppProject admits every object those folders hold (namespace, kind, and cluster objects by name).
 */
import { describe, expect, it } from '@jest/globals';
import { apiGroup, isClusterScoped } from '../lib/argocd/chart-footprint.js';
import { readDist } from '../test/manifests.js';
import type { Manifest } from '../test/manifests.js';
import { projectName, rootApplicationName } from './argocd.js';

const argocd = readDist('argocd').flatMap((file) => file.objects);
const applications = argocd.filter((o) => o.kind === 'Application');
const project = argocd.find((o) => o.kind === 'AppProject' && o.metadata.name === projectName)!;
const delivered = readDist().filter((file) => file.chart !== 'argocd');
const chartFolders = [...new Set(delivered.map((file) => file.chart))];

describe('dist/ under Argo CD', () => {
  it('has one Application per chart folder, and the root Application for dist/argocd', () => {
    expect(chartFolders.length).toBeGreaterThanOrEqual(2);
    const paths = applications.map((a) => a.spec.source.path).sort();
    expect(paths).toEqual([...chartFolders.map((chart) => `dist/${chart}`), 'dist/argocd'].sort());
    const root = applications.find((a) => a.metadata.name === rootApplicationName)!;
    expect(root.spec.source.path).toBe('dist/argocd');
  });

  it('points each chart Application at a destination its project allows', () => {
    for (const application of applications.filter((a) => a.spec.project === projectName)) {
      expect(project.spec.destinations).toContainEqual(application.spec.destination);
    }
  });

  const admits = (object: Manifest): string | undefined => {
    const group = apiGroup(object.apiVersion);
    const what = `${object.kind}/${object.metadata.name}`;
    if (isClusterScoped({ group, kind: object.kind })) {
      const allowed = project.spec.clusterResourceWhitelist.some(
        (entry: { group: string; kind: string; name?: string }) =>
          entry.group === group &&
          entry.kind === object.kind &&
          (entry.name ?? object.metadata.name) === object.metadata.name,
      );
      return allowed ? undefined : `${what}: cluster-scoped and not whitelisted by name`;
    }
    if (!project.spec.destinations.some((d: { namespace: string }) => d.namespace === object.metadata.namespace)) {
      return `${what}: namespace ${object.metadata.namespace} is not a destination`;
    }
    const kindAllowed = project.spec.namespaceResourceWhitelist.some(
      (entry: { group: string; kind: string }) => entry.group === group && entry.kind === object.kind,
    );
    return kindAllowed ? undefined : `${what}: kind not in the namespaced whitelist`;
  };

  it('admits, through the lms project, every object of every delivered chart', () => {
    const refused = delivered.flatMap((file) => file.objects.map(admits).filter((reason) => reason !== undefined));
    expect(refused).toEqual([]);
  });

  it('would refuse an object outside the fence, so the check above can fail', () => {
    expect(admits({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'kube-system' } })).toMatch(
      /not a destination/,
    );
    expect(
      admits({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'cluster-admin-for-me' },
      }),
    ).toMatch(/not whitelisted by name/);
  });
});
