import { describe, expect, it } from '@jest/globals';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Loki } from './loki.js';
import { find, synthMonitoring } from '../../test/monitoring-support.js';

const { manifests } = synthMonitoring();
const configMap = find(manifests, 'ConfigMap', 'loki-config', 'monitoring') as unknown as {
  data: Record<string, string>;
};
const config = parse(configMap.data['loki.yaml']);

describe('Loki', () => {
  it('runs single-tenant with one replica of everything', () => {
    expect(config.auth_enabled).toBe(false);
    expect(config.common.replication_factor).toBe(1);
    expect(config.common.ring.kvstore.store).toBe('inmemory');
  });

  it('indexes with tsdb and schema v13 on the filesystem, one index per day', () => {
    expect(config.schema_config.configs).toEqual([
      {
        from: '2025-01-01',
        store: 'tsdb',
        object_store: 'filesystem',
        schema: 'v13',
        index: { prefix: 'index_', period: '24h' },
      },
    ]);
  });

  it('really deletes logs older than 7 days: compactor retention with a delete-request store', () => {
    expect(config.compactor).toMatchObject({ retention_enabled: true, delete_request_store: 'filesystem' });
    expect(config.limits_config.retention_period).toBe('168h');
  });

  it('runs as UID 10001 on a persistent volume, ready on /ready, served on 3100', () => {
    const set = find(manifests, 'StatefulSet', 'loki', 'monitoring') as unknown as {
      spec: {
        volumeClaimTemplates: { metadata: { name: string } }[];
        template: {
          spec: {
            securityContext: { runAsUser: number; fsGroup: number };
            containers: { readinessProbe: { httpGet: { path: string } } }[];
          };
        };
      };
    };
    expect(set.spec.volumeClaimTemplates.map((t) => t.metadata.name)).toEqual(['data']);
    expect(set.spec.template.spec.securityContext).toMatchObject({ runAsUser: 10001, fsGroup: 10001 });
    expect(set.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/ready');
    const service = find(manifests, 'Service', 'loki', 'monitoring') as unknown as {
      spec: { ports: { port: number }[] };
    };
    expect(service.spec.ports.map((p) => p.port)).toEqual([3100]);
  });

  it('accepts retention only in whole days written in hours', () => {
    const make = (retention: string) => () => new Loki(new Chart(Testing.app(), 'c'), 'l', { retention });
    expect(make('7d')).toThrow(/'retention' must be whole days written in hours/);
    expect(make('36h')).toThrow(/whole days/);
    expect(make('720h')).not.toThrow();
  });
});
