import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { find, synthMonitoring } from '../../test/monitoring-support.js';

const { manifests } = synthMonitoring();
const provisioning = find(manifests, 'ConfigMap', 'grafana-provisioning', 'monitoring') as unknown as {
  data: Record<string, string>;
};
const deployment = find(manifests, 'Deployment', 'grafana', 'monitoring') as unknown as {
  spec: {
    template: {
      spec: {
        containers: {
          env: { name: string; value?: string; valueFrom?: unknown }[];
          readinessProbe: { httpGet: { path: string } };
          securityContext: Record<string, unknown>;
        }[];
        volumes: { name: string; projected?: { sources: { configMap: { name: string } }[] } }[];
      };
    };
  };
};
const container = deployment.spec.template.spec.containers[0];

describe('Grafana', () => {
  it('provisions Prometheus and Loki under the fixed uids dashboards use', () => {
    const { datasources } = parse(provisioning.data['datasources.yaml']);
    expect(datasources.map((d: { uid: string; url: string }) => [d.uid, d.url])).toEqual([
      ['prometheus', 'http://prometheus.monitoring.svc:9090'],
      ['loki', 'http://loki.monitoring.svc:3100'],
    ]);
  });

  it('loads dashboards from files into the LMS folder, one ConfigMap per dashboard', () => {
    const { providers } = parse(provisioning.data['dashboards.yaml']);
    expect(providers).toEqual([expect.objectContaining({ type: 'file', folder: 'LMS' })]);
    const projected = deployment.spec.template.spec.volumes.find((v) => v.name === 'dashboards')?.projected;
    expect(projected?.sources.map((s) => s.configMap.name)).toEqual([
      'grafana-dashboard-lms-application',
      'grafana-dashboard-lms-slo',
      'grafana-dashboard-lms-cluster',
      'grafana-dashboard-lms-postgresql',
      'grafana-dashboard-lms-notices',
      'grafana-dashboard-lms-logs',
    ]);
  });

  it('takes the admin credentials from the generated Secret and turns anonymous access off', () => {
    const env = Object.fromEntries(container.env.map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toEqual({ secretKeyRef: { name: 'grafana-admin', key: 'admin-password' } });
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(JSON.stringify(manifests)).not.toMatch(/GF_SECURITY_ADMIN_PASSWORD","value"/);
  });

  it('is ready when /api/health answers and runs under a restricted security context', () => {
    expect(container.readinessProbe.httpGet.path).toBe('/api/health');
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('generates the admin Secret in the cluster, in an Argo CD hook that runs before Grafana', () => {
    const job = find(manifests, 'Job', 'grafana-admin-generator', 'monitoring') as unknown as {
      metadata: { annotations: Record<string, string> };
      spec: { template: { spec: { containers: { command: string[] }[] } } };
    };
    expect(job.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/hook': 'Sync' });
    expect(Number(job.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThan(0);
    expect(job.spec.template.spec.containers[0].command.slice(-3)).toEqual([
      'grafana-admin',
      'admin-user=admin',
      'admin-password=@random',
    ]);
  });

  it('lets the generator Job create Secrets and read only its own', () => {
    const role = find(manifests, 'Role', 'grafana-admin-generator', 'monitoring') as unknown as { rules: unknown[] };
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['grafana-admin'], verbs: ['get'] },
    ]);
  });
});
