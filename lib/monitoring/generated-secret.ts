import { readFileSync } from 'node:fs';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { restrictedKubeContext } from '../security.js';
import { monitoringLabels } from './labels.js';
import { containerResources } from './workload.js';

export interface GeneratedSecretProps {
  readonly namespace: string;
  /** Name of the Secret to create. */
  readonly secretName: string;
  /** Key of the user name in the Secret. @default 'admin-user' */
  readonly userKey?: string;
  /** Key of the generated password in the Secret. @default 'admin-password' */
  readonly passwordKey?: string;
  /** An image with Node.js ≥ 20, which runs the generator script. @default 'node:22.18.0-alpine' */
  readonly image?: string;
}

const SCRIPT = readFileSync(new URL('./scripts/ensure-secret.mjs', import.meta.url), 'utf8');
const RUN_AS = { user: 1000, group: 1000 };

/**
 * A Job that creates a Secret with a random password inside the cluster, so the password is never in Git or
 * dist/. An existing Secret is left untouched. RBAC: create Secrets, and get only this one.
 */
export class GeneratedSecret extends Construct {
  readonly secretName: string;
  readonly userKey: string;
  readonly passwordKey: string;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(props.secretName)) {
      throw new Error(`'secretName' must be a DNS label like 'grafana-admin', got '${props.secretName}'.`);
    }
    const image = props.image ?? 'node:22.18.0-alpine';
    this.secretName = props.secretName;
    this.userKey = props.userKey ?? 'admin-user';
    this.passwordKey = props.passwordKey ?? 'admin-password';
    const name = `${props.secretName}-generator`;
    const { labels, selector } = monitoringLabels(name, 'secret-generator', image);
    const metadata = { name, namespace: props.namespace, labels };

    new k8s.KubeServiceAccount(this, 'service-account', { metadata });
    new k8s.KubeRole(this, 'role', {
      metadata,
      rules: [
        // `create` cannot be narrowed to a name; `get` can.
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['secrets'], resourceNames: [props.secretName], verbs: ['get'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: props.namespace }],
    });
    new k8s.KubeConfigMap(this, 'script', { metadata, data: { 'ensure-secret.mjs': SCRIPT } });
    new k8s.KubeJob(this, 'job', {
      metadata,
      spec: {
        backoffLimit: 6,
        template: {
          metadata: { labels: selector },
          spec: {
            serviceAccountName: name,
            restartPolicy: 'OnFailure',
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'generate',
                image,
                command: ['node', '/scripts/ensure-secret.mjs'],
                env: [
                  { name: 'SECRET_NAMESPACE', value: props.namespace },
                  { name: 'SECRET_NAME', value: props.secretName },
                  { name: 'SECRET_USER_KEY', value: this.userKey },
                  { name: 'SECRET_PASSWORD_KEY', value: this.passwordKey },
                  // fetch() trusts the cluster CA through this.
                  { name: 'NODE_EXTRA_CA_CERTS', value: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' },
                ],
                resources: containerResources(name, {
                  cpuRequest: '10m',
                  memoryRequest: '32Mi',
                  cpuLimit: '200m',
                  memoryLimit: '96Mi',
                }),
                securityContext: restrictedKubeContext(RUN_AS),
                volumeMounts: [{ name: 'script', mountPath: '/scripts', readOnly: true }],
              },
            ],
            volumes: [{ name: 'script', configMap: { name } }],
          },
        },
      },
    });
  }
}
