import { Ajv } from 'ajv';

/** What one environment file may override; everything else keeps the defaults of lib/config. */
export interface EnvironmentSettings {
  /** Namespace of the API and database. */
  readonly appNamespace: string;
  /** Namespace of the monitoring stack. */
  readonly monitoringNamespace: string;
  /** Argo CD destination cluster URL. */
  readonly cluster: string;
  /** @default - NestApi's (2) */
  readonly minReplicas?: number;
  /** @default - Postgres' ('10Gi') */
  readonly storageSize?: string;
  /** @default 'info' */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Off-site backup mirror configured. @default false */
  readonly offsiteBackup?: boolean;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['appNamespace', 'monitoringNamespace', 'cluster'],
  properties: {
    appNamespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    monitoringNamespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    cluster: { type: 'string', pattern: '^https://' },
    minReplicas: { type: 'integer', minimum: 1, maximum: 5 },
    storageSize: { type: 'string', pattern: '^[0-9]+(Mi|Gi|Ti)$' },
    logLevel: { enum: ['debug', 'info', 'warn', 'error'] },
    offsiteBackup: { type: 'boolean' },
  },
} as const;

const validate = new Ajv({ allErrors: false }).compile(schema);

/** Checks one environment file's settings; throws one sentence naming the file, the key and the fix. */
export function checkEnvironment(file: string, settings: unknown): EnvironmentSettings {
  if (!validate(settings)) {
    const error = validate.errors![0]!;
    const key =
      error.keyword === 'additionalProperties'
        ? String(error.params.additionalProperty)
        : error.keyword === 'required'
          ? String(error.params.missingProperty)
          : error.instancePath.slice(1);
    throw new Error(`${file}: key '${key}' ${error.message}; change it to match the EnvironmentSettings type.`);
  }
  return settings as EnvironmentSettings;
}

/** Production floors: checked only for the environment named 'prod'. */
export function checkProdFloors(file: string, settings: EnvironmentSettings): void {
  if ((settings.minReplicas ?? 2) < 2) {
    throw new Error(`${file}: key 'minReplicas' is ${settings.minReplicas}; prod needs at least 2.`);
  }
  if (settings.offsiteBackup !== true) {
    throw new Error(`${file}: key 'offsiteBackup' must be true in prod; configure the off-site S3 mirror.`);
  }
}

/** No two environments may share a namespace or a destination cluster. */
export function checkUnique(environments: Readonly<Record<string, EnvironmentSettings>>): void {
  const seen = new Map<string, string>();
  for (const [name, settings] of Object.entries(environments)) {
    for (const key of ['appNamespace', 'monitoringNamespace', 'cluster'] as const) {
      const value = `${key === 'cluster' ? 'cluster' : 'namespace'}:${settings[key]}`;
      const other = seen.get(value);
      if (other) {
        throw new Error(
          `environments/${name}.ts: key '${key}' is '${settings[key]}', already used by environments/${other}.ts; choose another.`,
        );
      }
      seen.set(value, name);
    }
  }
}
