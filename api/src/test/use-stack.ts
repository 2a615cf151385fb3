import { afterAll, beforeAll } from '@jest/globals';
import { startStack, type TestStack } from './api-process.js';

/**
 * One stack for a test file: started in `beforeAll`, closed in `afterAll`. The returned handle reads
 * through to the running stack, so tests write `stack.api.request(...)`.
 */
export function useStack(overrides: Record<string, string> = {}): TestStack {
  let current: TestStack | undefined;
  beforeAll(async () => {
    current = await startStack(overrides);
  }, 120_000);
  afterAll(async () => {
    await current?.close();
  });
  const running = (): TestStack => {
    if (!current) throw new Error('The stack starts in beforeAll; use it inside tests and hooks.');
    return current;
  };
  return {
    get pg() {
      return running().pg;
    },
    get api() {
      return running().api;
    },
    get env() {
      return running().env;
    },
    close: () => running().close(),
  };
}
