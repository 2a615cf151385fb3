import { afterAll, describe, expect, it } from '@jest/globals';
import { Testing } from 'cdk8s';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findObject } from '../../test/manifests.js';
import type { Manifest } from '../../test/manifests.js';
import { RANDOM, SecretGenerator, generatorArguments } from './secret-generator.js';
import type { GeneratedSecret } from './secret-generator.js';

const secrets: GeneratedSecret[] = [
  { name: 'lms-db-credentials', data: { username: 'lms', password: RANDOM } },
  { name: 'lms-api-jwt', data: { JWT_SECRET: RANDOM } },
];

function synth(list: readonly GeneratedSecret[] = secrets): Manifest[] {
  const chart = Testing.chart();
  new SecretGenerator(chart, 'generator', { image: 'alpine/k8s:1.28.15', version: '1.28.15', secrets: list });
  return Testing.synth(chart) as Manifest[];
}

const objects = synth();
const job = findObject(objects, 'Job', 'lms-secret-generator');
const container = job.spec.template.spec.containers[0];

describe('SecretGenerator RBAC', () => {
  it('may create Secrets and read only the Secrets it manages, nothing else', () => {
    const role = findObject(objects, 'Role', 'lms-secret-generator');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['lms-db-credentials', 'lms-api-jwt'] },
    ]);
    expect(objects.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toBe(false);
  });

  it('binds the Role to its own ServiceAccount, which mounts no token by default', () => {
    const binding = findObject(objects, 'RoleBinding', 'lms-secret-generator');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'lms-secret-generator',
    });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'lms-secret-generator' }]);
    expect(findObject(objects, 'ServiceAccount', 'lms-secret-generator').automountServiceAccountToken).toBe(false);
    expect(job.spec.template.spec.serviceAccountName).toBe('lms-secret-generator');
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(true);
  });
});

describe('SecretGenerator Job', () => {
  it('is an Argo CD Sync hook in wave -2, after RBAC in wave -3, replaced on each sync', () => {
    expect(job.metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'Sync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      'argocd.argoproj.io/sync-wave': '-2',
    });
    for (const kind of ['ServiceAccount', 'Role', 'RoleBinding']) {
      expect(findObject(objects, kind, 'lms-secret-generator').metadata.annotations).toEqual({
        'argocd.argoproj.io/sync-wave': '-3',
      });
    }
  });

  it('runs a pinned image under the restricted security context with a writable /tmp as HOME', () => {
    expect(container.image).toBe('alpine/k8s:1.28.15');
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65534,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.env).toContainEqual({ name: 'HOME', value: '/tmp' });
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
  });

  it('passes the Secret specifications as arguments, never values', () => {
    expect(generatorArguments(secrets)).toEqual([
      'lms-db-credentials',
      'username=lms',
      'password=@random',
      '--',
      'lms-api-jwt',
      'JWT_SECRET=@random',
    ]);
    expect(container.command.slice(-6)).toEqual(generatorArguments(secrets));
  });

  it('refuses an empty list and values with spaces', () => {
    expect(() => synth([])).toThrow(/'secrets' is empty/);
    expect(() => synth([{ name: 'x', data: { a: 'b c' } }])).toThrow(/x\.a needs a key/);
  });
});

// The generator's program runs here under bash against a stand-in kubectl that keeps Secrets as
// files, so the create-once logic is exercised for real; only the API server is replaced.
describe('SecretGenerator program', () => {
  const work = mkdtempSync(join(tmpdir(), 'secret-generator-'));
  const store = join(work, 'store');
  const bin = join(work, 'bin');
  execFileSync('mkdir', ['-p', store, bin]);
  writeFileSync(
    join(bin, 'kubectl'),
    `#!/usr/bin/env bash
set -eu
[ "$1" = "-n" ] && shift 2
verb="$1"; shift
case "$verb" in
  get) [ -f "$STORE/$2" ] ;;
  create)
    name="$3"; shift 3
    if [ -f "$STORE/$name" ]; then echo "AlreadyExists" >&2; exit 1; fi
    printf '%s\\n' "$@" > "$STORE/$name" ;;
  *) exit 2 ;;
esac
`,
  );
  chmodSync(join(bin, 'kubectl'), 0o755);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const run = () =>
    execFileSync(container.command[0], container.command.slice(1), {
      env: { PATH: `${bin}:${process.env.PATH}`, STORE: store, POD_NAMESPACE: 'lms', HOME: work },
      encoding: 'utf8',
    });
  const stored = (name: string) => readFileSync(join(store, name), 'utf8');

  it('creates each missing Secret with fixed values and 64 hex characters of randomness', () => {
    const output = run();
    expect(output).toBe('secret/lms-db-credentials created\nsecret/lms-api-jwt created\n');
    const db = stored('lms-db-credentials').trim().split('\n');
    expect(db[0]).toBe('--from-literal=username=lms');
    expect(db[1]).toMatch(/^--from-literal=password=[0-9a-f]{64}$/);
    expect(stored('lms-api-jwt')).toMatch(/^--from-literal=JWT_SECRET=[0-9a-f]{64}\n$/);
    expect(stored('lms-api-jwt')).not.toContain(db[1].split('=')[2]);
  });

  it('never overwrites: a second run leaves every Secret exactly as it was', () => {
    const before = readdirSync(store).map((name) => [name, stored(name)]);
    expect(run()).toBe('secret/lms-db-credentials exists, left unchanged\nsecret/lms-api-jwt exists, left unchanged\n');
    expect(readdirSync(store).map((name) => [name, stored(name)])).toEqual(before);
  });

  it('keeps a Secret a user brought and still creates the missing ones', () => {
    rmSync(join(store, 'lms-api-jwt'));
    writeFileSync(join(store, 'lms-db-credentials'), 'brought by the user\n');
    run();
    expect(stored('lms-db-credentials')).toBe('brought by the user\n');
    expect(existsSync(join(store, 'lms-api-jwt'))).toBe(true);
  });
});
