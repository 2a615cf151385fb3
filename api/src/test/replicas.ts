import { afterAll, beforeAll } from '@jest/globals';
import { createActor, type Actor } from './actors.js';
import { startApiProcess, startStack, type ApiProcess, type TestStack } from './api-process.js';
import type { HttpResponse } from './http.js';

/** Two API processes on one database and the members who race through them. */
export interface ReplicatedStack {
  readonly stack: TestStack;
  /** The two API processes; the first is `stack.api`. */
  readonly replicas: readonly ApiProcess[];
  readonly members: readonly Actor[];
  readonly librarian: Actor;
  /** POST through replica `index % 2`, so requests alternate between the processes. */
  post(index: number, path: string, actor: Actor, body?: unknown): Promise<HttpResponse>;
}

/**
 * For the concurrency tests: two API processes on one database, as two replicas behind a Service, so
 * no in-process lock could be what keeps the rules; 50 members and a librarian. Started in
 * `beforeAll`, stopped in `afterAll`; read the fields inside tests and hooks.
 */
export function useReplicatedStack(memberCount = 50): ReplicatedStack {
  let stack: TestStack | undefined;
  let replicas: ApiProcess[] = [];
  let librarian: Actor | undefined;
  const members: Actor[] = [];
  beforeAll(async () => {
    stack = await startStack();
    replicas = [stack.api, await startApiProcess(stack.env)];
    librarian = await createActor(stack, 'librarian');
    // A few registrations at a time: each hashes a password with argon2id.
    while (members.length < memberCount) {
      const batch = Math.min(5, memberCount - members.length);
      members.push(...(await Promise.all(Array.from({ length: batch }, () => createActor(stack!, 'member')))));
    }
  }, 180_000);
  afterAll(async () => {
    await replicas[1]?.stop('SIGKILL');
    await stack?.close();
  });
  const running = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The replicated stack starts in beforeAll; use it inside tests.');
    return value;
  };
  return {
    get stack() {
      return running(stack);
    },
    get replicas() {
      return running(replicas[1] && replicas);
    },
    get librarian() {
      return running(librarian);
    },
    members,
    post: (index, path, actor, body) =>
      replicas[index % replicas.length].request('POST', `/api/v1${path}`, { token: actor.token, body }),
  };
}

/** `{"201": 1, "409 NO_COPY_AVAILABLE": 49}`: how many responses had each status (and code). */
export function statusCounts(responses: readonly HttpResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, body } of responses) {
    const key = status >= 400 ? `${status} ${body?.code}` : String(status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
