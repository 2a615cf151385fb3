import { Construct } from 'constructs';
import { Application } from '../../imports/argocd-argoproj.io.js';
import type { GitSource } from './git-source.js';
import { validateRepoUrl, validateRevision } from './git-source.js';
import type { SyncRetryProps } from './sync-policy.js';
import { automatedSyncPolicy } from './sync-policy.js';

/** The API server of the cluster Argo CD runs in. */
export const inClusterServer = 'https://kubernetes.default.svc';

/**
 * Deletes the Application's resources before the Application itself goes (cascading delete).
 * Objects annotated `Delete=false`, such as the database's, stay.
 */
export const resourcesFinalizer = 'resources-finalizer.argocd.argoproj.io';

/** Matches the YAML files cdk8s writes, at any depth (Argo CD's globs let `*` cross `/`). */
export const yamlOnly = '*.yaml';

/** Props of {@link DirectoryApplication}. */
export interface DirectoryApplicationProps {
  /** `metadata.name` of the Application. */
  readonly name: string;
  /** Namespace Argo CD watches for Applications. */
  readonly namespace: string;
  /** AppProject the Application belongs to. */
  readonly project: string;
  /** Repository and revision to read. */
  readonly source: GitSource;
  /** Folder inside the repository, without leading or trailing slash, for example `dist/lms`. */
  readonly path: string;
  /** Namespace for objects that name none; every object of ours names its own. */
  readonly destinationNamespace: string;
  /** @default inClusterServer */
  readonly destinationServer?: string;
  /** @default - see {@link SyncRetryProps} */
  readonly retry?: SyncRetryProps;
  /** Glob of the files to apply. @default yamlOnly */
  readonly include?: string;
  /** Argo CD sync wave of the Application object itself, for app-of-apps ordering. @default - none */
  readonly syncWave?: number;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dnsSubdomain = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const repoPath = /^(?!\/)(?!.*\/$)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._/-]+$/;

/**
 * An Argo CD Application that syncs a folder of plain YAML from Git: recursive, YAML only, automated
 * with prune and self-heal, server-side apply, prune last, retry with backoff, cascading delete.
 */
export class DirectoryApplication extends Construct {
  /** The generated Application object. */
  public readonly application: Application;

  constructor(scope: Construct, id: string, props: DirectoryApplicationProps) {
    super(scope, id);
    if (!dnsSubdomain.test(props.name)) {
      throw new Error(`Application name "${props.name}" must be a lowercase DNS name such as "lms".`);
    }
    for (const [field, value] of [
      ['namespace', props.namespace],
      ['destinationNamespace', props.destinationNamespace],
    ] as const) {
      if (!dnsLabel.test(value)) {
        throw new Error(`Application "${props.name}": '${field}' "${value}" must be a lowercase DNS label.`);
      }
    }
    if (!repoPath.test(props.path)) {
      throw new Error(
        `Application "${props.name}": 'path' "${props.path}" must be a relative folder inside the repository, like dist/lms.`,
      );
    }
    this.application = new Application(this, 'resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        finalizers: [resourcesFinalizer],
        ...(props.syncWave === undefined
          ? {}
          : { annotations: { 'argocd.argoproj.io/sync-wave': String(props.syncWave) } }),
      },
      spec: {
        project: props.project,
        source: {
          repoUrl: validateRepoUrl(props.source.repoUrl),
          targetRevision: validateRevision(props.source.targetRevision),
          path: props.path,
          directory: { recurse: true, include: props.include ?? yamlOnly },
        },
        destination: {
          server: props.destinationServer ?? inClusterServer,
          namespace: props.destinationNamespace,
        },
        syncPolicy: automatedSyncPolicy(props.retry),
      },
    });
  }
}
