import { describe, expect, it } from '@jest/globals';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { loadConfig } from '../lib/config/config.js';
import type { AppConfig } from '../lib/config/config.js';
import { ArgoCdChart, projectName, rootApplicationName } from './argocd.js';

type Manifest = { apiVersion: string; kind: string; metadata: Record<string, any>; spec: Record<string, any> };

/** Two charts shaped like ours: one namespace each, cluster-scoped objects with their namespace patched away. */
function deliveredCharts(app: App) {
  const clusterScoped = (object: ApiObject) => object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));

  const lms = new Chart(app, 'lms', { namespace: 'lms' });
  clusterScoped(new k8s.KubeNamespace(lms, 'ns', { metadata: { name: 'lms' } }));
  new k8s.KubeService(lms, 'svc', { metadata: { name: 'postgres' }, spec: { clusterIp: 'None' } });
  new k8s.KubeStatefulSet(lms, 'db', {
    metadata: { name: 'postgres' },
    spec: { serviceName: 'postgres', selector: {}, template: {} },
  });

  const monitoring = new Chart(app, 'monitoring', { namespace: 'monitoring' });
  clusterScoped(new k8s.KubeNamespace(monitoring, 'ns', { metadata: { name: 'monitoring' } }));
  clusterScoped(new k8s.KubeNamespace(monitoring, 'agents-ns', { metadata: { name: 'monitoring-agents' } }));
  new k8s.KubeDaemonSet(monitoring, 'node-exporter', {
    metadata: { name: 'node-exporter', namespace: 'monitoring-agents' },
    spec: { selector: {}, template: {} },
  });
  clusterScoped(new k8s.KubeClusterRole(monitoring, 'role', { metadata: { name: 'prometheus' } }));
  clusterScoped(
    new k8s.KubeClusterRoleBinding(monitoring, 'binding', {
      metadata: { name: 'prometheus' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'prometheus' },
    }),
  );
  return [lms, monitoring];
}

function synthArgoCd(config: AppConfig = loadConfig({ LMS_API_IMAGE_TAG: '1.0.0' })): Manifest[] {
  const app = Testing.app();
  const charts = deliveredCharts(app);
  return Testing.synth(new ArgoCdChart(app, 'argocd', { config, charts })) as Manifest[];
}

const byName = (manifests: Manifest[], kind: string, name: string) => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind} ${name} in ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
};

describe('ArgoCdChart', () => {
  const manifests = synthArgoCd();
  const applications = manifests.filter((m) => m.kind === 'Application');

  it('renders one Application per chart folder plus the root app of apps, all in the argocd namespace', () => {
    expect(applications.map((a) => [a.metadata.name, a.spec.source.path]).sort()).toEqual([
      ['lms', 'dist/lms'],
      ['lms-root', 'dist/argocd'],
      ['monitoring', 'dist/monitoring'],
    ]);
    expect(manifests.every((m) => m.metadata.namespace === 'argocd')).toBe(true);
  });

  it('syncs every Application automatically with prune, self-heal, backoff retries, server-side apply and prune last', () => {
    for (const application of applications) {
      expect(application.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
      expect(application.spec.syncPolicy).toEqual({
        automated: { prune: true, selfHeal: true, allowEmpty: false },
        syncOptions: expect.arrayContaining(['ServerSideApply=true', 'PruneLast=true']),
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '180s' } },
      });
      expect(application.spec.source.directory).toEqual({ recurse: true, include: '*.yaml' });
      expect(application.spec.destination.server).toBe('https://kubernetes.default.svc');
    }
  });

  it('points each chart Application at the chart namespace inside the lms project', () => {
    expect(byName(manifests, 'Application', 'lms').spec).toMatchObject({
      project: projectName,
      destination: { namespace: 'lms' },
    });
    expect(byName(manifests, 'Application', 'monitoring').spec.destination.namespace).toBe('monitoring');
  });

  it('keeps the root Application in the default project because it creates the lms project', () => {
    expect(byName(manifests, 'Application', rootApplicationName).spec).toMatchObject({
      project: 'default',
      destination: { namespace: 'argocd' },
    });
  });

  it('fences the lms project to this repository, the charts namespaces and their cluster objects by name', () => {
    const project = byName(manifests, 'AppProject', projectName);
    expect(project.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-1' });
    expect(project.spec.sourceRepos).toEqual(['https://github.com/lms-platform/lms.git']);
    expect(project.spec.destinations).toEqual(
      ['lms', 'monitoring', 'monitoring-agents'].map((namespace) => ({
        server: 'https://kubernetes.default.svc',
        namespace,
      })),
    );
    expect(project.spec.clusterResourceWhitelist).toEqual([
      { group: '', kind: 'Namespace', name: 'lms' },
      { group: '', kind: 'Namespace', name: 'monitoring' },
      { group: '', kind: 'Namespace', name: 'monitoring-agents' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'prometheus' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', name: 'prometheus' },
    ]);
    expect(project.spec.namespaceResourceWhitelist).toEqual([
      { group: '', kind: 'Service' },
      { group: 'apps', kind: 'DaemonSet' },
      { group: 'apps', kind: 'StatefulSet' },
    ]);
  });

  it('takes the repository URL and revision from configuration, never from the constructs', () => {
    const fork = synthArgoCd(
      loadConfig({
        LMS_API_IMAGE_TAG: '1.0.0',
        LMS_GITOPS_REPO_URL: 'ssh://git@git.example.com/me/lms.git',
        LMS_GITOPS_REVISION: 'v2.0.0',
      }),
    );
    for (const application of fork.filter((m) => m.kind === 'Application')) {
      expect(application.spec.source).toMatchObject({
        repoURL: 'ssh://git@git.example.com/me/lms.git',
        targetRevision: 'v2.0.0',
      });
    }
    expect(byName(fork, 'AppProject', projectName).spec.sourceRepos).toEqual(['ssh://git@git.example.com/me/lms.git']);
  });

  it('refuses to synthesize a chart left out of its charts, since nothing would deliver that chart', () => {
    const app = Testing.app();
    const charts = deliveredCharts(app);
    new ArgoCdChart(app, 'argocd', { config: loadConfig({ LMS_API_IMAGE_TAG: '1.0.0' }), charts });
    new Chart(app, 'late', { namespace: 'lms' });
    expect(() => app.synthYaml()).toThrow(/Chart "late" has no Argo CD Application: add it to the argocd chart's/);
  });

  it('refuses a namespaced object without a namespace instead of guessing where Argo CD puts it', () => {
    const app = Testing.app();
    const loose = new Chart(app, 'loose');
    new k8s.KubeConfigMap(loose, 'cm', { metadata: { name: 'settings' } });
    const config = loadConfig({ LMS_API_IMAGE_TAG: '1.0.0' });
    expect(() => new ArgoCdChart(app, 'argocd', { config, charts: [loose] })).toThrow(
      /ConfigMap "settings" in chart "loose" has no namespace/,
    );
  });
});
