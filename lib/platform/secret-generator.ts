import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ContainerResources, ImageRef } from '../config/config.js';
import { tidyPodTemplate } from './pod-template.js';
import { componentLabels } from './labels.js';
import { plusResources, validateResources } from './resources.js';
import { restrictedPlusContext } from './security.js';
import type { RunAs } from './security.js';
import { SyncWave, hookAnnotations, syncWave } from './sync-order.js';

/** Marks a key whose value the generator draws at random (256 bits, hex). */
export const RANDOM = '@random';

/** One Secret the generator creates if, and only if, it does not exist yet. */
export interface GeneratedSecret {
  readonly name: string;
  /** Key → fixed value, or {@link RANDOM} for a fresh random value. */
  readonly data: Readonly<Record<string, string>>;
}

/** The image with a shell and kubectl that every generator Job runs unless told otherwise. */
export const SECRET_GENERATOR_IMAGE: ImageRef = { repository: 'alpine/k8s', tag: '1.28.15' };

/** Props of {@link SecretGenerator}. */
export interface SecretGeneratorProps {
  /** Name of the Job, its ServiceAccount, Role and RoleBinding. @default 'lms-secret-generator' */
  readonly name?: string;
  /** An image with bash, coreutils and kubectl, pinned. */
  readonly image: string;
  /** `app.kubernetes.io/version` of the generator. */
  readonly version: string;
  /** The Secrets to create. */
  readonly secrets: readonly GeneratedSecret[];
  /** @default { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '128Mi' } */
  readonly resources?: ContainerResources;
}

/** `nobody`: kubectl needs no particular user. */
const generatorUser: RunAs = { user: 65534, group: 65534 };

/**
 * The generator's program. Arguments: groups `name key=value…` separated by `--`. An existing
 * Secret is left untouched; a `create` that loses a race to a concurrent run is fine as long as
 * the Secret exists afterwards. Values never reach the log.
 */
const script = `set -euo pipefail
random() { od -An -tx1 -N32 /dev/urandom | tr -d ' \\n'; }
ensure_secret() {
  local name="$1"; shift
  if kubectl -n "$POD_NAMESPACE" get secret "$name" >/dev/null 2>&1; then
    echo "secret/$name exists, left unchanged"; return 0
  fi
  local literals=() pair key value
  for pair in "$@"; do
    key="\${pair%%=*}"; value="\${pair#*=}"
    if [ "$value" = "${RANDOM}" ]; then value="$(random)"; fi
    literals+=("--from-literal=$key=$value")
  done
  if kubectl -n "$POD_NAMESPACE" create secret generic "$name" "\${literals[@]}" >/dev/null; then
    echo "secret/$name created"; return 0
  fi
  kubectl -n "$POD_NAMESPACE" get secret "$name" >/dev/null
  echo "secret/$name was created concurrently, left unchanged"
}
group=()
for arg in "$@"; do
  if [ "$arg" = "--" ]; then ensure_secret "\${group[@]}"; group=(); else group+=("$arg"); fi
done
if [ "\${#group[@]}" -gt 0 ]; then ensure_secret "\${group[@]}"; fi
`;

/** Renders the Secret specifications as the generator's arguments. */
export function generatorArguments(secrets: readonly GeneratedSecret[]): string[] {
  return secrets.flatMap((secret, index) => [
    ...(index > 0 ? ['--'] : []),
    secret.name,
    ...Object.entries(secret.data).map(([key, value]) => `${key}=${value}`),
  ]);
}

export const SECRET_GENERATOR_DEFAULTS = {
  name: 'lms-secret-generator',
  resources: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
} as const;

/**
 * Creates credentials inside the cluster, once: a Job (Argo CD Sync hook, early wave) with a
 * ServiceAccount that may only create Secrets and read the ones it manages in its namespace.
 * Nothing secret is rendered into the manifests.
 */
export class SecretGenerator extends Construct {
  constructor(scope: Construct, id: string, props: SecretGeneratorProps) {
    super(scope, id);
    const { name, resources } = { ...SECRET_GENERATOR_DEFAULTS, ...props };
    if (props.secrets.length === 0) {
      throw new Error(
        `${name}: 'secrets' is empty; disable the generator instead of rendering a Job that does nothing.`,
      );
    }
    for (const secret of props.secrets) {
      for (const [key, value] of Object.entries(secret.data)) {
        if (!/^[-._a-zA-Z0-9]+$/.test(key) || /\s/.test(value) || value === '') {
          throw new Error(
            `${name}: ${secret.name}.${key} needs a key of [-._a-zA-Z0-9] and a non-empty value without spaces.`,
          );
        }
      }
    }
    validateResources(name, resources);
    const labels = componentLabels({ name, component: 'secret-generator', version: props.version });
    const foundation = { name, labels, annotations: syncWave(SyncWave.foundation) };

    const serviceAccount = new kplus.ServiceAccount(this, 'service-account', {
      metadata: foundation,
      automountToken: false,
    });
    new k8s.KubeRole(this, 'role', {
      metadata: foundation,
      rules: [
        // `create` cannot be limited by resourceNames; reads are limited to the managed Secrets.
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: props.secrets.map((s) => s.name) },
      ],
    });
    new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata: foundation,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name }],
    });

    const tmp = kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp');
    const job = new kplus.Job(this, 'job', {
      metadata: { name, labels, annotations: hookAnnotations('Sync', SyncWave.secretsAndConfig) },
      podMetadata: { labels },
      backoffLimit: 4,
      activeDeadline: Duration.seconds(300),
      serviceAccount,
      // The only pod here that talks to the Kubernetes API, so the only one with a token.
      automountServiceAccountToken: true,
      securityContext: {
        ensureNonRoot: true,
        user: generatorUser.user,
        group: generatorUser.group,
        fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
      },
      volumes: [tmp],
      containers: [
        {
          name: 'generate',
          image: props.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          command: ['bash', '-c', script, 'secret-generator', ...generatorArguments(props.secrets)],
          envVariables: {
            POD_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
            // kubectl keeps its discovery cache under $HOME; the root filesystem is read-only.
            HOME: kplus.EnvValue.fromValue('/tmp'),
          },
          resources: plusResources(resources),
          securityContext: restrictedPlusContext(generatorUser),
          volumeMounts: [{ path: '/tmp', volume: tmp }],
        },
      ],
    });
    tidyPodTemplate(job);
  }
}
