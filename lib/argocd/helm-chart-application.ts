import { Construct } from 'constructs';
import { Application } from '../../imports/argocd-argoproj.io.js';
import { inClusterServer, resourcesFinalizer } from './directory-application.js';
import { automatedSyncPolicy } from './sync-policy.js';

/** Props of {@link HelmChartApplication}. */
export interface HelmChartApplicationProps {
  /** `metadata.name` of the Application and the Helm release name. */
  readonly name: string;
  /** Namespace Argo CD watches for Applications. */
  readonly namespace: string;
  /** AppProject the Application belongs to. */
  readonly project: string;
  /** The chart repository (https). */
  readonly repoUrl: string;
  /** Chart name in that repository. */
  readonly chart: string;
  /** The exact chart version, e.g. `0.29.0` (never a range). */
  readonly version: string;
  /** Namespace the release is installed in; Argo CD creates it. */
  readonly destinationNamespace: string;
  /** Helm values, serialized by Argo CD. @default {} */
  readonly values?: Readonly<Record<string, unknown>>;
  /** Sync wave of the Application object in the app of apps: operators before their users. */
  readonly syncWave: number;
}

/**
 * An Argo CD Application that installs one pinned version of a Helm chart, automated like the
 * directory Applications, creating its namespace.
 */
export class HelmChartApplication extends Construct {
  public readonly application: Application;

  constructor(scope: Construct, id: string, props: HelmChartApplicationProps) {
    super(scope, id);
    if (!/^\d+\.\d+\.\d+$/.test(props.version)) {
      throw new Error(`Chart ${props.chart}: 'version' "${props.version}" must be an exact version like 0.29.0.`);
    }
    if (!/^https:\/\/[^\s]+$/.test(props.repoUrl)) {
      throw new Error(`Chart ${props.chart}: 'repoUrl' "${props.repoUrl}" must be an https chart repository URL.`);
    }
    const policy = automatedSyncPolicy();
    this.application = new Application(this, 'resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        finalizers: [resourcesFinalizer],
        annotations: { 'argocd.argoproj.io/sync-wave': String(props.syncWave) },
      },
      spec: {
        project: props.project,
        source: {
          repoUrl: props.repoUrl,
          chart: props.chart,
          targetRevision: props.version,
          helm: { releaseName: props.name, valuesObject: { ...(props.values ?? {}) } },
        },
        destination: { server: inClusterServer, namespace: props.destinationNamespace },
        syncPolicy: { ...policy, syncOptions: [...(policy.syncOptions ?? []), 'CreateNamespace=true'] },
      },
    });
  }
}
