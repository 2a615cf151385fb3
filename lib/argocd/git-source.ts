/**
 * The Git repository and revision Argo CD reads `dist/` from. Both arrive as plain strings from the
 * environment, so they are checked here once, with messages that say what to change.
 */

/** A validated repository location: what Argo CD clones and which revision it follows. */
export interface GitSource {
  /** `https://…` or `ssh://…` URL, or the scp-like `git@host:owner/repo.git` form Git also accepts. */
  readonly repoUrl: string;
  /** Branch, tag or commit SHA. */
  readonly targetRevision: string;
}

const scpLike = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)[A-Za-z0-9._~/-]+$/;
const refName = /^(?![-/.])(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/-]+(?<![/.])$/;

/**
 * Returns `url` if Argo CD can clone it without credentials in the URL itself; throws a sentence
 * naming the problem otherwise. `source` names where the value came from, for the message.
 */
export function validateRepoUrl(url: string, source = 'the repository URL'): string {
  const value = url.trim();
  if (!value) {
    throw new Error(`${source} is empty; set it to the https or ssh URL of this repository.`);
  }
  if (scpLike.test(value)) {
    return value;
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(
      `${source} "${value}" is not a URL; use https://host/owner/repo.git, ssh://git@host/owner/repo.git or git@host:owner/repo.git.`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'ssh:') {
    throw new Error(`${source} "${value}" uses ${parsed.protocol.replace(/:$/, '')}; only https and ssh are accepted.`);
  }
  if (parsed.password || (parsed.protocol === 'https:' && parsed.username)) {
    throw new Error(
      `${source} must not carry credentials: they would end up in Git and dist/. Give Argo CD a repository Secret instead.`,
    );
  }
  if (!parsed.hostname || parsed.pathname.replace(/\/+$/, '').length <= 1) {
    throw new Error(
      `${source} "${value}" names no repository path; expected something like https://host/owner/repo.git.`,
    );
  }
  if (parsed.search || parsed.hash) {
    throw new Error(`${source} "${value}" has a query or fragment; remove it.`);
  }
  return value;
}

/** Returns `revision` if it is a usable branch, tag or commit name; throws a helpful sentence otherwise. */
export function validateRevision(revision: string, source = 'the target revision'): string {
  const value = revision.trim();
  if (!refName.test(value) || value.endsWith('.lock')) {
    throw new Error(`${source} "${revision}" is not a branch, tag or commit name (for example main, v1.2.0 or a SHA).`);
  }
  return value;
}

/** Validates both parts of a Git source. */
export function gitSource(repoUrl: string, targetRevision: string): GitSource {
  return { repoUrl: validateRepoUrl(repoUrl), targetRevision: validateRevision(targetRevision) };
}
