import { Construct } from 'constructs';
import { AppProject } from '../../imports/argocd-project-argoproj.io.js';
import { inClusterServer } from './directory-application.js';

/** Props of {@link OperatorProject}. */
export interface OperatorProjectProps {
  /** `metadata.name` of the AppProject. */
  readonly name: string;
  /** Namespace Argo CD runs in. */
  readonly namespace: string;
  /** The chart repositories the operators come from. */
  readonly sourceRepos: readonly string[];
  /** The namespaces the operators are installed in. */
  readonly destinationNamespaces: readonly string[];
}

/**
 * The AppProject of third-party operators installed from their Helm charts. An operator brings
 * CustomResourceDefinitions, ClusterRoles and webhooks whose names its chart decides, so this
 * project allows any cluster-scoped kind; it is fenced by its chart repositories and namespaces instead.
 */
export class OperatorProject extends Construct {
  constructor(scope: Construct, id: string, props: OperatorProjectProps) {
    super(scope, id);
    if (props.sourceRepos.length === 0 || props.destinationNamespaces.length === 0) {
      throw new Error(`AppProject "${props.name}" needs at least one chart repository and one destination namespace.`);
    }
    new AppProject(this, 'resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
      },
      spec: {
        description: 'Operators the LMS relies on, installed from their official Helm charts.',
        sourceRepos: [...props.sourceRepos],
        destinations: props.destinationNamespaces.map((namespace) => ({ server: inClusterServer, namespace })),
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        namespaceResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    });
  }
}
