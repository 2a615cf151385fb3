/* global fetch */
// Creates a Secret holding a random password unless it already exists; never overwrites it.
// Runs in-cluster with the pod's service account (or against KUBERNETES_API_URL in tests).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const serviceAccount = '/var/run/secrets/kubernetes.io/serviceaccount';
const namespace = process.env.SECRET_NAMESPACE;
const name = process.env.SECRET_NAME;
const userKey = process.env.SECRET_USER_KEY ?? 'admin-user';
const passwordKey = process.env.SECRET_PASSWORD_KEY ?? 'admin-password';
const user = process.env.ADMIN_USER ?? 'admin';
if (!namespace || !name) throw new Error('SECRET_NAMESPACE and SECRET_NAME must be set.');

const apiUrl =
  process.env.KUBERNETES_API_URL ??
  `https://${process.env.KUBERNETES_SERVICE_HOST}:${process.env.KUBERNETES_SERVICE_PORT}`;
const token = process.env.KUBERNETES_TOKEN ?? readFileSync(`${serviceAccount}/token`, 'utf8').trim();
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const base = `${apiUrl}/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;

const existing = await fetch(`${base}/${encodeURIComponent(name)}`, { headers });
if (existing.ok) {
  console.log(`Secret ${namespace}/${name} exists; left unchanged.`);
  process.exit(0);
}
if (existing.status !== 404) throw new Error(`Reading Secret ${namespace}/${name} failed: HTTP ${existing.status}.`);

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'grafana-admin-secret-job' } },
  type: 'Opaque',
  stringData: { [userKey]: user, [passwordKey]: randomBytes(24).toString('base64url') },
};
const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify(secret) });
// 409: another run created it first, which is just as good.
if (created.status === 409) console.log(`Secret ${namespace}/${name} was created concurrently; left unchanged.`);
else if (!created.ok) throw new Error(`Creating Secret ${namespace}/${name} failed: HTTP ${created.status}.`);
else console.log(`Secret ${namespace}/${name} created.`);
