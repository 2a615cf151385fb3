import { readFileSync } from 'node:fs';
import { isMainModule } from '../api/src/common/is-main-module.js';
import { markdownTable } from './report.js';
import { round } from './stats.js';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileShare {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
}

/** Where a script lives: the npm package under node_modules, the API's own code, or the runtime. */
export function ownerOf(url: string): string {
  if (!url) return '(runtime)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const api = /api\/dist\/(.+)$/.exec(url);
  return api ? `api/${api[1]}` : url;
}

/** Self time (time on top of the stack) summed by a key of the sampled frame, largest first. */
export function selfTime(profile: CpuProfile, keyOf: (frame: CpuProfile['nodes'][number]['callFrame']) => string) {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const frame = frames.get(id);
    if (!frame) return;
    const key = keyOf(frame);
    totals.set(key, (totals.get(key) ?? 0) + micros);
    all += micros;
  });
  return [...totals.entries()]
    .map(([name, micros]) => ({ name, ms: micros / 1000, percent: (100 * micros) / all }))
    .sort((a, b) => b.ms - a.ms);
}

function table(shares: readonly ProfileShare[], top: number): string {
  return markdownTable(
    ['where', 'self ms', '%'],
    shares.slice(0, top).map((share) => [share.name, String(round(share.ms, 0)), String(round(share.percent, 1))]),
  );
}

/** Self time by package, then by function, as two Markdown tables. */
export function summarizeProfile(file: string, top = 25): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byFunction = selfTime(
    profile,
    (frame) => `${frame.functionName || '(anonymous)'} ${ownerOf(frame.url)}:${frame.lineNumber + 1}`,
  );
  return `${table(
    selfTime(profile, (frame) => ownerOf(frame.url)),
    top,
  )}\n\n${table(byFunction, top)}`;
}

/** `tsx bench/profile-summary.ts <file.cpuprofile> [top]` */
if (isMainModule(import.meta.url)) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
  console.log(summarizeProfile(file, Number(top)));
}
