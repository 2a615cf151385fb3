import { Construct } from 'constructs';
import { AppProject } from '../../imports/argocd-project-argoproj.io.js';
import type { ChartFootprint } from './chart-footprint.js';
import { inClusterServer } from './directory-application.js';
import { validateRepoUrl } from './git-source.js';

/** Props of {@link DeliveryProject}. */
export interface DeliveryProjectProps {
  /** `metadata.name` of the AppProject. */
  readonly name: string;
  /** Namespace Argo CD runs in. */
  readonly namespace: string;
  /** The only repositories Applications of this project may read. */
  readonly sourceRepos: readonly string[];
  /** What the delivered charts render; the project allows exactly that and nothing more. */
  readonly footprint: ChartFootprint;
  /** @default inClusterServer */
  readonly destinationServer?: string;
  /** Shown in the Argo CD UI (at most 255 characters). @default - none */
  readonly description?: string;
  /**
   * Sync wave of the AppProject object: below the Applications' so that it exists before them.
   * @default -1
   */
  readonly syncWave?: number;
}

/**
 * An Argo CD AppProject fenced around a set of charts: sources limited to the given repositories,
 * destinations to the namespaces the charts use, cluster-scoped objects to the ones the charts
 * declare (by kind and name), namespaced objects to the kinds the charts render.
 */
export class DeliveryProject extends Construct {
  /** The generated AppProject object. */
  public readonly project: AppProject;

  constructor(scope: Construct, id: string, props: DeliveryProjectProps) {
    super(scope, id);
    if (props.sourceRepos.length === 0) {
      throw new Error(`AppProject "${props.name}" needs at least one source repository in 'sourceRepos'.`);
    }
    if (props.footprint.namespaces.length === 0) {
      throw new Error(`AppProject "${props.name}" has no destination namespace: the delivered charts render nothing.`);
    }
    if (props.description !== undefined && props.description.length > 255) {
      throw new Error(
        `AppProject "${props.name}": 'description' is ${props.description.length} characters; keep it to 255.`,
      );
    }
    const server = props.destinationServer ?? inClusterServer;
    this.project = new AppProject(this, 'resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: { 'argocd.argoproj.io/sync-wave': String(props.syncWave ?? -1) },
      },
      spec: {
        ...(props.description === undefined ? {} : { description: props.description }),
        sourceRepos: props.sourceRepos.map((url) => validateRepoUrl(url)),
        destinations: props.footprint.namespaces.map((namespace) => ({ server, namespace })),
        clusterResourceWhitelist: props.footprint.clusterObjects.map(({ group, kind, name }) => ({
          group,
          kind,
          name,
        })),
        namespaceResourceWhitelist: props.footprint.namespacedKinds.map(({ group, kind }) => ({ group, kind })),
      },
    });
  }
}
