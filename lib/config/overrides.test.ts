import { describe, expect, it } from '@jest/globals';
import { overridesOnly } from './overrides.js';

describe('overridesOnly', () => {
  it('drops unset entries so a spread keeps the construct default', () => {
    const defaults = { maxReplicas: 5, heapLimitMiB: 384 };
    const props = overridesOnly({ maxReplicas: 8, heapLimitMiB: undefined as number | undefined });
    expect({ ...defaults, ...props }).toEqual({ maxReplicas: 8, heapLimitMiB: 384 });
  });

  it('keeps falsy values that are set', () => {
    expect(overridesOnly({ enabled: false, count: 0, text: '' })).toEqual({ enabled: false, count: 0, text: '' });
  });
});
