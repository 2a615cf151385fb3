/**
 * Replays a Dockerfile's stages on the host, without Docker: each stage gets a folder standing for
 * its filesystem root; COPY copies (from the build context filtered by .dockerignore, or from an
 * earlier stage), WORKDIR and ENV set the place and environment of the next RUN, and RUN runs the
 * shell command there. Instructions that only describe the image (LABEL, USER, EXPOSE, CMD, …) change
 * no file and are left to the static checks. Anything else is refused, so nothing is skipped silently.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, posix } from 'node:path';
import type { DockerInstruction, DockerStage } from './dockerfile.js';

const dockerignore = createRequire(import.meta.url)(
  '@balena/dockerignore',
) as typeof import('@balena/dockerignore').default;

/** Instructions with no effect on the files of a stage. */
const descriptive = new Set(['ARG', 'LABEL', 'USER', 'EXPOSE', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'STOPSIGNAL']);

export interface RehearsalOptions {
  /** The repository root: the build context. */
  readonly contextDir: string;
  /** Where the context copy and the stages' filesystems (one folder each) are laid out. */
  readonly rootDir: string;
  /** Environment of every RUN, before the stage's ENV. */
  readonly env: NodeJS.ProcessEnv;
  /** Told each instruction once replayed, with the milliseconds it took. */
  readonly onStep?: (stage: string, instruction: DockerInstruction, elapsedMs: number) => void;
}

export interface Rehearsal {
  /** The host folder standing for `path` inside the stage. */
  pathIn(stage: string, path: string): string;
  /** The last WORKDIR of a stage, as a host folder. */
  workdirOf(stage: string): string;
  /** The ENV of a stage. */
  envOf(stage: string): Readonly<Record<string, string>>;
}

/** Files of the build context (tracked or not, minus .gitignore'd ones) that .dockerignore lets through. */
export function contextFiles(contextDir: string): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: contextDir,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && existsSync(join(contextDir, file)));
  const rules = readFileSync(join(contextDir, '.dockerignore'), 'utf8');
  return dockerignore({ ignorecase: false }).add(rules).filter(listed);
}

export function rehearse(stages: readonly DockerStage[], options: RehearsalOptions): Rehearsal {
  // What `docker build .` sends to the daemon: only the files .dockerignore lets through.
  const context = join(options.rootDir, 'context');
  for (const file of contextFiles(options.contextDir)) {
    mkdirSync(dirname(join(context, file)), { recursive: true });
    cpSync(join(options.contextDir, file), join(context, file));
  }
  const workdirs = new Map<string, string>();
  const envs = new Map<string, Record<string, string>>();
  const pathIn = (stage: string, path: string) => join(options.rootDir, 'stages', stage, path);

  for (const stage of stages) {
    let workdir = '/';
    const env: Record<string, string> = {};
    workdirs.set(stage.name, workdir);
    envs.set(stage.name, env);
    mkdirSync(pathIn(stage.name, '/'), { recursive: true });

    for (const instruction of stage.instructions) {
      const started = Date.now();
      const { keyword, args, flags } = instruction;
      if (keyword === 'WORKDIR') {
        workdir = posix.resolve(workdir, args[0]!);
        workdirs.set(stage.name, workdir);
        mkdirSync(pathIn(stage.name, workdir), { recursive: true });
      } else if (keyword === 'ENV') {
        Object.assign(env, instruction.properties);
      } else if (keyword === 'COPY') {
        if (Object.keys(flags).some((flag) => flag !== 'from')) {
          throw new Error(`line ${instruction.line}: the rehearsal does not replay COPY flags other than --from.`);
        }
        const sources = args.slice(0, -1);
        const target = posix.resolve(workdir, args.at(-1)!);
        const intoFolder = args.at(-1)!.endsWith('/') || sources.length > 1;
        for (const source of sources) {
          if (/[*?[]/.test(source)) throw new Error(`line ${instruction.line}: the rehearsal does not expand globs.`);
          const from = flags.from ? pathIn(flags.from, posix.resolve('/', source)) : join(context, source);
          if (!flags.from && (isAbsolute(source) || posix.normalize(source).startsWith('..'))) {
            throw new Error(`line ${instruction.line}: ${source} is outside the build context.`);
          }
          if (!existsSync(from)) {
            throw new Error(
              `line ${instruction.line}: ${source} is not there (missing, or excluded by .dockerignore).`,
            );
          }
          const isFolder = statSync(from).isDirectory();
          const to = pathIn(stage.name, intoFolder && !isFolder ? posix.join(target, basename(source)) : target);
          mkdirSync(isFolder ? to : dirname(to), { recursive: true });
          cpSync(from, to, { recursive: true, verbatimSymlinks: true, force: true });
        }
      } else if (keyword === 'RUN') {
        if (instruction.json) throw new Error(`line ${instruction.line}: write RUN in shell form.`);
        const run = spawnSync('sh', ['-c', instruction.content], {
          cwd: pathIn(stage.name, workdir),
          env: { ...options.env, ...env },
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        if (run.status !== 0) {
          throw new Error(
            `line ${instruction.line}: RUN ${instruction.content} failed (exit ${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`,
          );
        }
      } else if (!descriptive.has(keyword)) {
        throw new Error(`line ${instruction.line}: the rehearsal cannot replay ${keyword}.`);
      }
      options.onStep?.(stage.name, instruction, Date.now() - started);
    }
  }
  return {
    pathIn,
    workdirOf: (stage) => pathIn(stage, workdirs.get(stage) ?? '/'),
    envOf: (stage) => envs.get(stage) ?? {},
  };
}
