/**
 * The repository's Dockerfile as typed stages, read with dockerfile-ast. Shared by the static checks
 * (test/dockerfile.test.ts) and the build rehearsal (test/build-rehearsal.test.ts), so both read
 * the same instructions the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import type { Flag, Instruction, Property } from 'dockerfile-ast';
import { repoRoot } from './paths.js';

export const dockerfilePath = join(repoRoot, 'Dockerfile');

/** One instruction with its arguments; `json` holds the exec-form strings when there are any. */
export interface DockerInstruction {
  readonly keyword: string;
  /** Arguments split on whitespace, without the flags. */
  readonly args: readonly string[];
  /** Flags such as `--from=build`, by name without dashes. */
  readonly flags: Readonly<Record<string, string>>;
  /** Exec-form (JSON array) arguments, for CMD, ENTRYPOINT, RUN and the HEALTHCHECK command. */
  readonly json?: readonly string[];
  /** `name=value` pairs of ENV, LABEL and ARG, quotes removed. */
  readonly properties: Readonly<Record<string, string>>;
  /** The arguments as written, continuation lines joined: the shell command of a RUN. */
  readonly content: string;
  readonly line: number;
}

export interface DockerStage {
  readonly name: string;
  /** The base image with ARG defaults substituted. */
  readonly image: string;
  readonly instructions: readonly DockerInstruction[];
}

/** Reads the Dockerfile into stages. Global ARGs (before the first FROM) fill `${VAR}` in images. */
export function readDockerfile(path: string = dockerfilePath): DockerStage[] {
  const text = readFileSync(path, 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  const globals = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const [property] = arg.getProperties();
    if (property?.getName()) globals.set(property.getName(), property.getValue() ?? '');
  }
  const expand = (value: string) => value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => globals.get(a ?? b) ?? '');
  const stages: { name: string; image: string; instructions: DockerInstruction[] }[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const [image = '', , name] = instruction.getArguments().map((a) => a.getValue());
      stages.push({ name: name ?? String(stages.length), image: expand(image), instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    stage.instructions.push(describe(instruction, keyword));
  }
  return stages;
}

function describe(instruction: Instruction, keyword: string): DockerInstruction {
  const flags: Record<string, string> = {};
  const modifiable = instruction as Partial<{ getFlags(): Flag[] }>;
  for (const flag of modifiable.getFlags?.() ?? []) {
    flags[flag.getName()] = flag.getValue() ?? 'true';
  }
  const args = instruction.getArguments().map((argument) => argument.getValue());
  const raw = instruction.getRawArgumentsContent() ?? '';
  const jsonStart = raw.indexOf('[');
  let json: string[] | undefined;
  if (jsonStart >= 0 && ['CMD', 'ENTRYPOINT', 'RUN', 'HEALTHCHECK'].includes(keyword)) {
    try {
      const parsed = JSON.parse(raw.slice(jsonStart).replace(/\\\r?\n/g, ' '));
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) json = parsed;
    } catch {
      json = undefined;
    }
  }
  const properties: Record<string, string> = {};
  const withProperties = instruction as Partial<{ getProperties(): Property[]; getProperty(): Property | null }>;
  const list = withProperties.getProperties?.() ?? [withProperties.getProperty?.()].filter((p) => !!p);
  for (const property of list as Property[]) {
    properties[property.getName()] = property.getValue() ?? '';
  }
  return {
    keyword,
    args,
    flags,
    properties,
    ...(json ? { json } : {}),
    content: instruction.getArgumentsContent() ?? '',
    line: instruction.getRange().start.line + 1,
  };
}

/** The named stage, or an error listing the ones that exist. */
export function stage(stages: readonly DockerStage[], name: string): DockerStage {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`No stage "${name}" in the Dockerfile; it has ${stages.map((s) => s.name).join(', ')}.`);
  return found;
}
