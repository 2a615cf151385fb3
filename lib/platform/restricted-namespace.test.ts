import { describe, expect, it } from '@jest/globals';
import { Testing } from 'cdk8s';
import { findObject } from '../../test/manifests.js';
import type { Manifest } from '../../test/manifests.js';
import { RestrictedNamespace } from './restricted-namespace.js';
import type { RestrictedNamespaceProps } from './restricted-namespace.js';

function synth(props: RestrictedNamespaceProps): Manifest[] {
  const chart = Testing.chart();
  new RestrictedNamespace(chart, 'ns', props);
  return Testing.synth(chart) as Manifest[];
}

describe('RestrictedNamespace', () => {
  it('enforces, audits and warns Pod Security restricted pinned to v1.28', () => {
    const namespace = findObject(synth({ name: 'lms' }), 'Namespace', 'lms');
    expect(namespace.metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.28',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.28',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.28',
    });
  });

  it('denies all ingress by default and can leave that out', () => {
    const policy = findObject(synth({ name: 'lms' }), 'NetworkPolicy', 'default-deny-ingress');
    expect(policy.metadata.namespace).toBe('lms');
    expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(synth({ name: 'x', defaultDenyIngress: false }).map((o) => o.kind)).toEqual(['Namespace']);
  });

  it('supports other levels and refuses an unpinned version', () => {
    const privileged = findObject(synth({ name: 'agents', podSecurity: 'privileged' }), 'Namespace', 'agents');
    expect(privileged.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(() => synth({ name: 'x', podSecurityVersion: 'latest' })).toThrow(/must be pinned to a release like v1\.28/);
  });
});
