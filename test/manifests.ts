/**
 * Helpers shared by the manifest tests: pick objects out of a synthesized chart, read `dist/`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as plain JSON. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: any };
  [k: string]: any;
};

/** The one object of `kind` named `name`; throws with the list of what exists otherwise. */
export function findObject(objects: readonly Manifest[], kind: string, name: string): Manifest {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) {
    const present = objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ');
    throw new Error(`expected exactly one ${kind}/${name}, found ${found.length}; present: ${present}`);
  }
  return found[0];
}

/** Every object of a kind. */
export function objectsOfKind(objects: readonly Manifest[], kind: string): Manifest[] {
  return objects.filter((o) => o.kind === kind);
}

/** The root of the repository (tests run from it). */
export const repoRoot = process.cwd();
/** The synthesized output folder. */
export const distDir = join(repoRoot, 'dist');

/** One YAML file in `dist/` and the objects it holds. */
export interface DistFile {
  readonly path: string;
  readonly chart: string;
  readonly objects: Manifest[];
}

/** Reads every `*.yaml` file under `dist/<chart>/`, sorted by path. */
export function readDist(chart?: string): DistFile[] {
  const charts = chart ? [chart] : readdirSync(distDir).filter((entry) => statSync(join(distDir, entry)).isDirectory());
  return charts.sort().flatMap((c) =>
    readdirSync(join(distDir, c))
      .filter((file) => file.endsWith('.yaml'))
      .sort()
      .map((file) => {
        const path = join(distDir, c, file);
        const objects = parseAllDocuments(readFileSync(path, 'utf8'))
          .map((doc) => doc.toJS() as Manifest)
          .filter((o) => o !== null);
        return { path, chart: c, objects };
      }),
  );
}

/** Pod templates (or pod specs) of workload objects, with where they came from. */
export function podSpecs(objects: readonly Manifest[]): { owner: Manifest; metadata: any; spec: any }[] {
  return objects.flatMap((o) => {
    if (o.kind === 'Pod') return [{ owner: o, metadata: o.metadata, spec: o.spec }];
    if (o.kind === 'CronJob')
      return [
        {
          owner: o,
          metadata: o.spec.jobTemplate.spec.template.metadata ?? {},
          spec: o.spec.jobTemplate.spec.template.spec,
        },
      ];
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(o.kind)) {
      return [{ owner: o, metadata: o.spec.template.metadata ?? {}, spec: o.spec.template.spec }];
    }
    return [];
  });
}
