import { describe, expect, it } from '@jest/globals';
import { cpuToMillis, kubeResources, quantityToMiB, validateResources } from './resources.js';

describe('resource quantities', () => {
  it('converts memory to MiB and CPU to millicores', () => {
    expect([quantityToMiB('512Mi'), quantityToMiB('1Gi'), Math.round(quantityToMiB('1000M'))]).toEqual([
      512, 1024, 954,
    ]);
    expect([cpuToMillis('250m'), cpuToMillis('1'), cpuToMillis('0.5')]).toEqual([250, 1000, 500]);
    expect(() => quantityToMiB('lots')).toThrow(
      'Memory quantity "lots" is not understood; write it like 512Mi or 1Gi.',
    );
  });

  it('refuses requests above limits', () => {
    expect(() => validateResources('api', { cpuRequest: '1', memoryRequest: '1Gi', memoryLimit: '512Mi' })).toThrow(
      'api: memory request 1Gi exceeds the limit 512Mi.',
    );
    expect(() =>
      validateResources('api', { cpuRequest: '2', cpuLimit: '1', memoryRequest: '1Mi', memoryLimit: '1Mi' }),
    ).toThrow(/CPU request 2/);
  });

  it('renders a CPU limit only when one is set', () => {
    const values = (r: ReturnType<typeof kubeResources>) =>
      JSON.parse(JSON.stringify(r, (_k, v) => (v?.value !== undefined ? v.value : v)));
    expect(values(kubeResources({ cpuRequest: '100m', memoryRequest: '64Mi', memoryLimit: '128Mi' }))).toEqual({
      requests: { cpu: '100m', memory: '64Mi' },
      limits: { memory: '128Mi' },
    });
    expect(
      values(kubeResources({ cpuRequest: '100m', cpuLimit: '1', memoryRequest: '64Mi', memoryLimit: '128Mi' })).limits,
    ).toEqual({
      cpu: '1',
      memory: '128Mi',
    });
  });
});
