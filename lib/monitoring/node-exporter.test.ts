import { describe, expect, it } from '@jest/globals';
import { find, synthMonitoring } from '../../test/monitoring-support.js';

interface Pod {
  hostNetwork: boolean;
  hostPID: boolean;
  tolerations: unknown[];
  securityContext: { runAsUser: number };
  volumes: { name: string; hostPath: { path: string } }[];
  containers: {
    args: string[];
    ports: { containerPort: number }[];
    resources: { requests: Record<string, string> };
    volumeMounts: { mountPath: string; readOnly: boolean; mountPropagation: string }[];
  }[];
}
const pod = (env: Record<string, string> = {}): Pod =>
  (
    find(synthMonitoring(env).manifests, 'DaemonSet', 'node-exporter', 'monitoring-agents') as unknown as {
      spec: { template: { spec: Pod } };
    }
  ).spec.template.spec;

describe('node-exporter', () => {
  const spec = pod();
  const container = spec.containers[0];

  it('sees the host: its network, its processes, /proc, /sys and / read-only with host-to-container propagation', () => {
    expect(spec.hostNetwork).toBe(true);
    expect(spec.hostPID).toBe(true);
    expect(spec.volumes.map((v) => v.hostPath.path)).toEqual(['/proc', '/sys', '/']);
    for (const mount of container.volumeMounts)
      expect(mount).toMatchObject({ readOnly: true, mountPropagation: 'HostToContainer' });
  });

  it('can run without the root mount for kind or Docker Desktop', () => {
    const without = pod({ LMS_NODE_EXPORTER_ROOTFS: 'false' });
    expect(without.volumes.map((v) => v.hostPath.path)).toEqual(['/proc', '/sys']);
    expect(without.containers[0].args.some((a) => a.startsWith('--path.rootfs'))).toBe(false);
  });

  it('ignores container and kubelet mounts and pseudo filesystems', () => {
    const arg = (name: string) => container.args.find((a) => a.startsWith(`--collector.filesystem.${name}=`)) ?? '';
    const mounts = new RegExp(arg('mount-points-exclude').split('=').slice(1).join('='));
    expect(mounts.test('/var/lib/kubelet/pods/x/volumes')).toBe(true);
    expect(mounts.test('/var/lib/docker/overlay2/x')).toBe(true);
    expect(mounts.test('/')).toBe(false);
    const types = new RegExp(arg('fs-types-exclude').split('=').slice(1).join('='));
    expect(types.test('overlay')).toBe(true);
    expect(types.test('ext4')).toBe(false);
  });

  it('listens on 9100 as UID 65534 on every node, with resources', () => {
    expect(container.ports.map((p) => p.containerPort)).toEqual([9100]);
    expect(spec.securityContext.runAsUser).toBe(65534);
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(container.resources.requests).toEqual({ cpu: '50m', memory: '48Mi' });
  });
});
