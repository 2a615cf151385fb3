/** The parts of Loki's configuration this stack sets, typed; field names are Loki's own. */
export interface LokiConfig {
  readonly auth_enabled: boolean;
  readonly server: { readonly http_listen_port: number; readonly grpc_listen_port: number; readonly log_level: string };
  readonly common: {
    readonly path_prefix: string;
    readonly replication_factor: number;
    readonly ring: { readonly instance_addr: string; readonly kvstore: { readonly store: 'inmemory' } };
    readonly storage: { readonly filesystem: { readonly chunks_directory: string; readonly rules_directory: string } };
  };
  readonly schema_config: {
    readonly configs: readonly {
      readonly from: string;
      readonly store: 'tsdb';
      readonly object_store: 'filesystem';
      readonly schema: 'v13';
      readonly index: { readonly prefix: string; readonly period: '24h' };
    }[];
  };
  readonly storage_config: {
    readonly tsdb_shipper: { readonly active_index_directory: string; readonly cache_location: string };
  };
  readonly compactor: {
    readonly working_directory: string;
    readonly compaction_interval: string;
    readonly retention_enabled: boolean;
    readonly retention_delete_delay: string;
    readonly delete_request_store: 'filesystem';
  };
  readonly limits_config: {
    readonly retention_period: string;
    readonly reject_old_samples: boolean;
    readonly reject_old_samples_max_age: string;
    readonly volume_enabled: boolean;
    readonly allow_structured_metadata: boolean;
  };
  readonly analytics: { readonly reporting_enabled: boolean };
}

/** A single-binary Loki keeping everything on one filesystem, with retention enforced by the compactor. */
export function lokiConfig(options: {
  readonly dataDir: string;
  readonly httpPort: number;
  readonly retention: string;
  readonly schemaFrom: string;
}): LokiConfig {
  const dir = options.dataDir;
  return {
    auth_enabled: false,
    server: { http_listen_port: options.httpPort, grpc_listen_port: 9095, log_level: 'info' },
    common: {
      path_prefix: dir,
      replication_factor: 1,
      ring: { instance_addr: '127.0.0.1', kvstore: { store: 'inmemory' } },
      storage: { filesystem: { chunks_directory: `${dir}/chunks`, rules_directory: `${dir}/rules` } },
    },
    schema_config: {
      configs: [
        {
          from: options.schemaFrom,
          store: 'tsdb',
          object_store: 'filesystem',
          schema: 'v13',
          index: { prefix: 'index_', period: '24h' },
        },
      ],
    },
    storage_config: {
      tsdb_shipper: { active_index_directory: `${dir}/tsdb-index`, cache_location: `${dir}/tsdb-cache` },
    },
    compactor: {
      working_directory: `${dir}/compactor`,
      compaction_interval: '10m',
      retention_enabled: true,
      retention_delete_delay: '2h',
      delete_request_store: 'filesystem',
    },
    limits_config: {
      retention_period: options.retention,
      reject_old_samples: true,
      reject_old_samples_max_age: '168h',
      volume_enabled: true,
      allow_structured_metadata: true,
    },
    analytics: { reporting_enabled: false },
  };
}
