import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
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
      'grafana-dashboard-lms-cluster',
      'grafana-dashboard-lms-postgresql',
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

  it('lets the generator Job create Secrets and read only its own', () => {
    const role = find(manifests, 'Role', 'grafana-admin-generator', 'monitoring') as unknown as { rules: unknown[] };
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['grafana-admin'], verbs: ['get'] },
    ]);
  });
});

/** A stand-in for the Kubernetes API that stores Secrets in memory. */
function fakeApiServer(initial: Record<string, unknown> = {}) {
  const secrets = new Map(Object.entries(initial));
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      const name = /\/secrets\/([^/]+)$/.exec(req.url ?? '')?.[1];
      if (req.method === 'GET' && name) {
        res.writeHead(secrets.has(name) ? 200 : 404).end(JSON.stringify(secrets.get(name) ?? {}));
      } else if (req.method === 'POST') {
        const secret = JSON.parse(body);
        if (secrets.has(secret.metadata.name)) return void res.writeHead(409).end('{}');
        secrets.set(secret.metadata.name, secret);
        res.writeHead(201).end(body);
      } else res.writeHead(405).end();
    });
  });
  return new Promise<{ url: string; secrets: Map<string, unknown>; requests: string[]; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        secrets,
        requests,
        close: () => server.close(),
      }),
    ),
  );
}

function runScript(apiUrl: string): Promise<number> {
  const script = fileURLToPath(new URL('./scripts/ensure-secret.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], {
    env: {
      KUBERNETES_API_URL: apiUrl,
      KUBERNETES_TOKEN: 'token',
      SECRET_NAMESPACE: 'monitoring',
      SECRET_NAME: 'grafana-admin',
    },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
}

describe('the admin Secret generator script', () => {
  it('creates a random password once and never overwrites it', async () => {
    const api = await fakeApiServer();
    try {
      expect(await runScript(api.url)).toBe(0);
      const first = api.secrets.get('grafana-admin') as { stringData: Record<string, string> };
      expect(first.stringData['admin-user']).toBe('admin');
      expect(first.stringData['admin-password']).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(await runScript(api.url)).toBe(0);
      expect(api.secrets.get('grafana-admin')).toBe(first);
      expect(api.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
      expect(api.requests.every((r) => r.endsWith('Bearer token'))).toBe(true);
    } finally {
      api.close();
    }
  });
});
