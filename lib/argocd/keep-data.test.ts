/**
 * Stateful data under Argo CD: the database survives pruning and Application deletion, and its
 * names (which the volume claims hang on) do not move when constructs or charts are renamed.
 */
import { describe, expect, it } from '@jest/globals';
import { Chart, Testing } from 'cdk8s';
import { LmsChart } from '../../charts/lms.js';
import { loadConfig } from '../config/config.js';
import { Postgres } from '../database/postgres.js';
import { keepDataAnnotations } from './keep-data.js';

type Manifest = { kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: any };

const config = loadConfig({ LMS_API_IMAGE_TAG: '1.0.0' });
const names = (manifests: Manifest[]) => manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
const lmsManifests = (chartId: string) => Testing.synth(new LmsChart(Testing.app(), chartId, { config })) as Manifest[];

function postgresUnder(constructId: string): Manifest[] {
  const chart = new Chart(Testing.app(), 'lms', { namespace: 'lms' });
  new Postgres(chart, constructId, {
    image: 'postgres:16.10-alpine',
    version: '16.10-alpine',
    exporterImage: 'prometheuscommunity/postgres-exporter:v0.17.1',
    credentialsSecretName: 'lms-db-credentials',
    clients: [{ 'app.kubernetes.io/name': 'lms-api' }],
  });
  return Testing.synth(chart) as Manifest[];
}

describe('the database under Argo CD', () => {
  const statefulSets = lmsManifests('lms').filter((m) => m.kind === 'StatefulSet');

  it('is never pruned nor deleted with its Application', () => {
    expect(statefulSets.map((s) => s.metadata.name)).toEqual(['postgres']);
    for (const statefulSet of statefulSets) {
      expect(statefulSet.metadata.annotations).toMatchObject(keepDataAnnotations);
      expect(keepDataAnnotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
      for (const template of statefulSet.spec.volumeClaimTemplates) {
        expect(template.metadata.annotations).toMatchObject(keepDataAnnotations);
      }
    }
  });

  it('keeps its claims when the StatefulSet itself goes', () => {
    for (const statefulSet of statefulSets) {
      expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      });
    }
  });

  it('keeps the names of its objects and claim template when the construct is renamed', () => {
    const before = postgresUnder('postgres');
    const after = postgresUnder('database-renamed');
    expect(names(after)).toEqual(names(before));
    const claimNames = (manifests: Manifest[]) =>
      manifests
        .filter((m) => m.kind === 'StatefulSet')
        .flatMap((s) => s.spec.volumeClaimTemplates.map((t: any) => t.metadata.name));
    expect(claimNames(after)).toEqual(['data']);
    expect(claimNames(before)).toEqual(['data']);
  });

  it('keeps every object name of the lms chart when the chart is renamed', () => {
    expect(names(lmsManifests('library'))).toEqual(names(lmsManifests('lms')));
  });

  it('names no object with a generated hash suffix, which would change with the construct path', () => {
    const generated = names(lmsManifests('lms')).filter((name) => /-[0-9a-f]{8}$/.test(name));
    expect(generated).toEqual([]);
  });
});
