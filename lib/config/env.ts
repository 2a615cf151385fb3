import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';

/** An environment variable read from a key of a Secret that exists in the namespace. */
export interface SecretEnv {
  readonly secretName: string;
  readonly key: string;
}

/** Turns `{ VARIABLE: { secretName, key } }` into cdk8s-plus environment values. */
export function secretEnvValues(
  scope: Construct,
  environment: Readonly<Record<string, SecretEnv>>,
): Record<string, kplus.EnvValue> {
  return Object.fromEntries(
    Object.entries(environment).map(([variable, ref]) => [
      variable,
      kplus.EnvValue.fromSecretValue({
        secret: kplus.Secret.fromSecretName(scope, `secret-${variable}`, ref.secretName),
        key: ref.key,
      }),
    ]),
  );
}

/** `NODE_OPTIONS` that cap the V8 heap, so a leak ends in a clean OOM exit below the memory limit. */
export function heapCapValue(heapLimitMiB: number): kplus.EnvValue {
  return kplus.EnvValue.fromValue(`--max-old-space-size=${heapLimitMiB}`);
}
