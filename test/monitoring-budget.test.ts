import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { cpuToMillis, quantityToMiB } from '../lib/platform/resources.js';
import { synthMonitoring, type Manifest } from './monitoring-support.js';

interface Row {
  readonly workload: string;
  readonly cpuRequest: string;
  readonly memoryRequest: string;
  readonly cpuLimit: string;
  readonly memoryLimit: string;
  /** Pods of the workload; DaemonSets count 1 (per node). */
  readonly replicas: number;
}

/** One row per container; the totals count every replica, DaemonSets once, i.e. per node. */
function rows(manifests: readonly Manifest[]): Row[] {
  return manifests.flatMap((m) => {
    const workload = (
      m as unknown as { spec?: { replicas?: number; template?: { spec?: { containers: ContainerJson[] } } } }
    ).spec;
    const spec = workload?.template?.spec;
    return (spec?.containers ?? []).map((c) => ({
      workload: `${m.kind}/${m.metadata.name}`,
      cpuRequest: c.resources.requests.cpu,
      memoryRequest: c.resources.requests.memory,
      cpuLimit: c.resources.limits.cpu,
      memoryLimit: c.resources.limits.memory,
      replicas: workload?.replicas ?? 1,
    }));
  });
}
interface ContainerJson {
  resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
}

const total = (r: readonly Row[]) => ({
  cpuMillis: r.reduce((sum, row) => sum + row.replicas * cpuToMillis(row.cpuRequest), 0),
  memoryMiB: r.reduce((sum, row) => sum + row.replicas * quantityToMiB(row.memoryRequest), 0),
});

describe('monitoring resource budget', () => {
  const defaults = rows(synthMonitoring().manifests);

  it('gives every container requests and limits', () => {
    for (const row of defaults) expect(Object.values(row).every(Boolean)).toBe(true);
  });

  it.each([
    ['the default stack', {}],
    ['Alloy and metrics-server', { LMS_LOG_COLLECTOR: 'alloy', LMS_METRICS_SERVER: 'true' }],
  ])('requests at most 1 CPU and 2 GiB with %s (DaemonSets per node)', (_name, env) => {
    const sum = total(rows(synthMonitoring(env).manifests));
    console.log(`Monitoring requests (${_name}): ${sum.cpuMillis}m CPU, ${sum.memoryMiB}Mi memory`);
    expect(sum.cpuMillis).toBeLessThanOrEqual(1000);
    expect(sum.memoryMiB).toBeLessThanOrEqual(2048);
  });

  it('is listed with the same numbers in the docs/monitoring.md table', () => {
    const readme = readFileSync(new URL('../docs/monitoring.md', import.meta.url), 'utf8');
    const all = [
      ...defaults,
      ...rows(synthMonitoring({ LMS_LOG_COLLECTOR: 'alloy', LMS_METRICS_SERVER: 'true' }).manifests),
    ];
    for (const row of new Map(all.map((r) => [r.workload, r])).values()) {
      const workload = row.replicas > 1 ? `${row.workload} (×${row.replicas} replicas)` : row.workload;
      const cells = [workload, row.cpuRequest, row.memoryRequest, row.cpuLimit, row.memoryLimit];
      expect(readme).toContain(`| ${cells.join(' | ')} |`);
    }
    const sum = total(defaults);
    expect(readme).toContain(`| **Total (default stack)** | **${sum.cpuMillis}m** | **${sum.memoryMiB}Mi** |`);
  });
});
