import { Chart } from 'cdk8s';
import type { ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import type { AppConfig } from '../lib/config/config.js';
import { chartFootprint } from '../lib/argocd/chart-footprint.js';
import { DeliveryProject } from '../lib/argocd/delivery-project.js';
import { DirectoryApplication } from '../lib/argocd/directory-application.js';
import { gitSource } from '../lib/argocd/git-source.js';
import { HelmChartApplication } from '../lib/argocd/helm-chart-application.js';
import { OperatorProject } from '../lib/argocd/operator-project.js';

/** Props of {@link ArgoCdChart}. */
export interface ArgoCdChartProps extends ChartProps {
  readonly config: AppConfig;
  /** The charts Argo CD delivers, one Application each, reading `<outdir>/<chart id>/`. Every other chart of the App must be among them. */
  readonly charts: readonly Chart[];
  /** Folder of the synthesized manifests inside the repository. @default 'dist' */
  readonly outdir?: string;
}

function siblingCharts(scope: Construct, self: Chart): Chart[] {
  return scope.node.children.filter((child): child is Chart => Chart.isChart(child) && child !== self);
}

/** The namespace an Application points at: the chart's own, else the only one its objects use. */
function primaryNamespace(chart: Chart): string {
  if (chart.namespace) {
    return chart.namespace;
  }
  const { namespaces } = chartFootprint([chart]);
  if (namespaces.length !== 1) {
    throw new Error(
      `Chart "${chart.node.id}" has no namespace and its objects use ${namespaces.length} namespaces; give the chart a namespace.`,
    );
  }
  return namespaces[0]!;
}

/** Name of the AppProject that fences the delivered charts. */
export const projectName = 'lms';
/** Name of the app of apps; its manifest is the one file the bootstrap command applies. */
export const rootApplicationName = 'lms-root';
/** The official chart repository of CloudNativePG and its Barman Cloud plugin. */
export const cnpgChartRepository = 'https://cloudnative-pg.github.io/charts';
/** Namespace of the CloudNativePG operator and plugin (the charts' default). */
export const cnpgNamespace = 'cnpg-system';

/**
 * Bill of materials of `dist/argocd/`: the AppProject `lms`, one Application per delivered chart
 * folder, and the root Application (app of apps) that syncs this very folder. The root belongs to
 * Argo CD's `default` project because it is applied before `lms` exists and manages `lms` itself.
 */
export class ArgoCdChart extends Chart {
  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    const { config } = props;
    super(scope, id, { ...props, namespace: config.argocd.namespace });
    const { outdir } = { outdir: 'dist', ...props };
    const { charts } = props;
    const source = gitSource(config.argocd.repoUrl, config.argocd.targetRevision);

    new DeliveryProject(this, 'project', {
      name: projectName,
      namespace: config.argocd.namespace,
      description: 'Library Management System: the API, its database and the monitoring stack.',
      sourceRepos: [source.repoUrl],
      footprint: chartFootprint(charts),
    });

    const delivered = new Set<string>();
    for (const chart of charts) {
      const name = chart.node.id;
      new DirectoryApplication(this, `app-${name}`, {
        name,
        namespace: config.argocd.namespace,
        project: projectName,
        source,
        path: `${outdir}/${name}`,
        destinationNamespace: primaryNamespace(chart),
      });
      delivered.add(name);
    }

    if (config.database.mode === 'cloudnative-pg') {
      // Installed before the lms Application (wave 0): the operator first, then its backup plugin.
      const { operatorChartVersion, barmanPluginChartVersion } = config.database.cloudnativePg;
      const operators = { namespace: config.argocd.namespace, project: 'lms-operators', repoUrl: cnpgChartRepository };
      new OperatorProject(this, 'operators', {
        name: operators.project,
        namespace: config.argocd.namespace,
        sourceRepos: [cnpgChartRepository],
        destinationNamespaces: [cnpgNamespace],
      });
      new HelmChartApplication(this, 'cloudnative-pg', {
        ...operators,
        name: 'cloudnative-pg',
        chart: 'cloudnative-pg',
        version: operatorChartVersion,
        destinationNamespace: cnpgNamespace,
        values: { crds: { create: true }, monitoring: { podMonitorEnabled: false } },
        syncWave: -20,
      });
      new HelmChartApplication(this, 'plugin-barman-cloud', {
        ...operators,
        name: 'plugin-barman-cloud',
        chart: 'plugin-barman-cloud',
        version: barmanPluginChartVersion,
        destinationNamespace: cnpgNamespace,
        syncWave: -10,
      });
    }

    new DirectoryApplication(this, 'root', {
      name: rootApplicationName,
      namespace: config.argocd.namespace,
      project: 'default',
      source,
      path: `${outdir}/${id}`,
      destinationNamespace: config.argocd.namespace,
    });

    // A chart left out of `charts` would synthesize into dist/ with nobody delivering it.
    this.node.addValidation({
      validate: () =>
        siblingCharts(scope, this)
          .filter((chart) => !delivered.has(chart.node.id))
          .map(
            (chart) =>
              `Chart "${chart.node.id}" has no Argo CD Application: add it to the argocd chart's 'charts' in main.ts.`,
          ),
    });
  }
}
