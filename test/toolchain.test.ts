import { describe, expect, it } from '@jest/globals';
import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';

describe('toolchain', () => {
  it('synthesizes a cdk8s chart under ESM', () => {
    const chart = new Chart(Testing.app() as App, 'probe');
    new k8s.KubeNamespace(chart, 'ns', { metadata: { name: 'probe' } });
    expect(Testing.synth(chart)).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'probe' } }]);
  });
});
