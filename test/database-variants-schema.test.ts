/**
 * The objects only other database settings render (they are not in dist/): the restore Job, the
 * off-site copy, cloudnative-pg mode's built-in objects. Each must be as valid and as restricted as
 * what dist/ holds.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { Testing } from 'cdk8s';
import { LmsChart } from '../charts/lms.js';
import { loadConfig } from '../lib/config/config.js';
import { definitionsPath, StrictKubernetesSchema, validateWithModels } from './k8s-schema.js';
import type { Manifest } from './manifests.js';
import { podSecurityRestricted } from './policy.js';

const S3 = {
  LMS_BACKUP_S3_ENDPOINT: 'https://minio.example.org:9000',
  LMS_BACKUP_S3_BUCKET: 'lms-backups',
  LMS_BACKUP_S3_SECRET: 'lms-backup-s3',
};
const variants: Record<string, NodeJS.ProcessEnv> = {
  'StatefulSet restore from the off-site copy': { ...S3, LMS_DATABASE_RESTORE: '2026-01-31T13:45:00Z' },
  'cloudnative-pg': { ...S3, LMS_DATABASE: 'cloudnative-pg' },
};

const synth = (env: NodeJS.ProcessEnv) =>
  Testing.synth(
    new LmsChart(Testing.app(), 'lms', { config: loadConfig({ LMS_API_IMAGE_TAG: '2.0.1', ...env }) }),
  ) as Manifest[];
const defaults = new Set(synth({}).map((o) => `${o.kind}/${o.metadata.name}`));
/** What each variant renders beyond (or instead of) the default manifests, built-in kinds only. */
const extra = Object.entries(variants).flatMap(([variant, env]) =>
  synth(env)
    .filter((o) => !o.apiVersion.includes('cnpg.io'))
    .filter((o) => !defaults.has(`${o.kind}/${o.metadata.name}`) || /^(NetworkPolicy|StatefulSet)\//.test(`${o.kind}/`))
    .map((object) => ({ name: `${variant}: ${object.kind}/${object.metadata.name}`, object })),
);

describe('objects of the other database settings', () => {
  it('covers the restore Job, the off-site copy and the CloudNativePG NetworkPolicy', () => {
    const names = extra.map(({ name }) => name);
    expect(names).toEqual(
      expect.arrayContaining([
        'StatefulSet restore from the off-site copy: Job/postgres-restore',
        'StatefulSet restore from the off-site copy: CronJob/postgres-backup-offsite',
        'StatefulSet restore from the off-site copy: NetworkPolicy/postgres-backup-offsite',
        'cloudnative-pg: NetworkPolicy/postgres',
      ]),
    );
  });

  it.each(extra.map(({ name, object }) => [name, object] as const))('%s is a valid object', async (_name, object) => {
    expect(await validateWithModels(object)).toEqual([]);
  });

  it('runs every pod of every setting under Pod Security restricted', () => {
    for (const env of Object.values(variants)) expect(podSecurityRestricted(synth(env))).toEqual([]);
  });

  (existsSync(definitionsPath) || process.env.CI === 'true' ? it : it.skip)(
    'has only known fields of the right types under the strict Kubernetes 1.28 schema',
    () => {
      const schema = new StrictKubernetesSchema(definitionsPath);
      for (const { name, object } of extra)
        expect({ name, problems: schema.validate(object) }).toEqual({ name, problems: [] });
    },
  );
});
