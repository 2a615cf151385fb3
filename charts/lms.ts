import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import type { ChartProps } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { AppConfig } from '../lib/config.js';

/** Props of the chart that deploys the Library Management System into its namespace. */
export interface LmsChartProps extends ChartProps {
  readonly config: AppConfig;
}

/** Bill of materials of the `lms` namespace: the API, PostgreSQL, their Jobs and policies. */
export class LmsChart extends Chart {
  constructor(scope: Construct, id: string, props: LmsChartProps) {
    super(scope, id, { ...props, namespace: props.config.namespaces.app });
    const namespace = new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: props.config.namespaces.app,
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.28',
        },
      },
    });
    // The chart's default namespace would also land on the cluster-scoped Namespace itself.
    ApiObject.of(namespace).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
