import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repeat, type Summary } from './stats.js';

/** Milliseconds for one whole /metrics answer (headers and body), scraped one after the other. */
export async function timeMetricsScrapes(baseUrl: string, scrapes: number): Promise<Summary & { bytes: number }> {
  let bytes = 0;
  const summary = await repeat(scrapes, async () => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/metrics`);
    const body = await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
    bytes = body.byteLength;
    return elapsed;
  });
  return { ...summary, bytes };
}

/** Top-level entries never copied into the synth sandbox: outputs, the API, dependencies, scratch space. */
const NOT_SYNTH_INPUTS = new Set(['.git', 'node_modules', 'dist', 'api', '.bench-tmp', 'coverage']);

function runCommand(command: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${stderr}`)),
    );
  });
}

/**
 * Wall time of `npm run synth`, run in a copy of the repository (sharing its node_modules) so the
 * benchmark never rewrites the working tree's `dist/`.
 */
export async function timeSynth(repoRoot: string, runs: number): Promise<Summary> {
  const sandbox = mkdtempSync(join(tmpdir(), 'lms-bench-synth-'));
  try {
    cpSync(repoRoot, sandbox, {
      recursive: true,
      filter: (source) => !NOT_SYNTH_INPUTS.has(relative(repoRoot, source)),
    });
    symlinkSync(join(repoRoot, 'node_modules'), join(sandbox, 'node_modules'));
    return await repeat(runs, async () => {
      const started = performance.now();
      await runCommand('npm', ['run', 'synth', '--silent'], sandbox);
      return performance.now() - started;
    });
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
}
