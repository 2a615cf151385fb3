import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { selector } from '../rules/promql.js';
import { finish, lmsDashboard, promQueries, promVariable, timeSeries, type DashboardDefinition } from './panels.js';

/** The jobs whose series the cluster dashboard reads. */
export interface ClusterJobs {
  readonly nodeExporter: string;
  readonly kubeStateMetrics: string;
  readonly kubelet: string;
}

/** The Kubernetes cluster dashboard: nodes, pods against their requests and limits, HPAs and volumes. */
export function clusterDashboard(jobs: ClusterJobs): DashboardDefinition {
  const node = (metric: string, extra: Record<string, string> = {}): string =>
    selector(metric, { job: jobs.nodeExporter, ...extra });
  const ksm = (metric: string, extra: Record<string, string> = {}): string =>
    selector(metric, { job: jobs.kubeStateMetrics, namespace: '=~$namespace', ...extra });
  const cadvisor = (metric: string): string =>
    selector(metric, {
      job: jobs.kubelet,
      metrics_path: '/metrics/cadvisor',
      namespace: '=~$namespace',
      container: '!=',
    });
  const volumes = (metric: string): string => selector(metric, { job: jobs.kubelet, namespace: '=~$namespace' });
  const fs = { fstype: '!=', mountpoint: '!~/(run|var/lib/kubelet)(/.*)?' };
  const nic = { device: '!~lo|veth.*|cali.*|cni.*|flannel.*|docker.*' };

  const builder = lmsDashboard('lms-cluster', 'LMS / Kubernetes cluster', 'Nodes, pods, autoscaling and volumes.')
    .withVariable(
      promVariable(
        'namespace',
        'Namespace',
        `label_values(${selector('kube_namespace_status_phase', { job: jobs.kubeStateMetrics })}, namespace)`,
      ),
    )
    .withRow(new RowBuilder('Nodes'))
    .withPanel(
      timeSeries({
        title: 'Node CPU utilisation',
        description: 'Share of CPU time not idle, per node.',
        unit: 'percentunit',
        targets: promQueries([
          `1 - avg by (instance) (rate(${node('node_cpu_seconds_total', { mode: 'idle' })}[$__rate_interval]))`,
          '{{instance}}',
        ]),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Node memory utilisation',
        description: 'Share of memory not available to new processes, per node.',
        unit: 'percentunit',
        targets: promQueries([
          `1 - ${node('node_memory_MemAvailable_bytes')}\n/ ${node('node_memory_MemTotal_bytes')}`,
          '{{instance}}',
        ]),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Node disk usage',
        description: 'Used share of each real filesystem of each node.',
        unit: 'percentunit',
        targets: promQueries([
          `1 - ${node('node_filesystem_avail_bytes', fs)}\n/ ${node('node_filesystem_size_bytes', fs)}`,
          '{{instance}} {{mountpoint}}',
        ]),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Node network',
        description: 'Bytes per second received and transmitted on physical interfaces, per node.',
        unit: 'Bps',
        targets: promQueries(
          [
            `sum by (instance) (rate(${node('node_network_receive_bytes_total', nic)}[$__rate_interval]))`,
            '{{instance}} in',
          ],
          [
            `sum by (instance) (rate(${node('node_network_transmit_bytes_total', nic)}[$__rate_interval]))`,
            '{{instance}} out',
          ],
        ),
      }),
    )
    .withRow(new RowBuilder('Pods'))
    .withPanel(
      timeSeries({
        title: 'Pod CPU against requests and limits',
        description: 'CPU cores used per pod (cAdvisor) next to the sum of its containers\u2019 requests and limits.',
        unit: 'short',
        targets: promQueries(
          [
            `sum by (namespace, pod) (rate(${cadvisor('container_cpu_usage_seconds_total')}[$__rate_interval]))`,
            '{{pod}} used',
          ],
          [
            `sum by (namespace, pod) (${ksm('kube_pod_container_resource_requests', { resource: 'cpu' })})`,
            '{{pod}} request',
          ],
          [
            `sum by (namespace, pod) (${ksm('kube_pod_container_resource_limits', { resource: 'cpu' })})`,
            '{{pod}} limit',
          ],
        ),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Pod memory against requests and limits',
        description:
          'Working-set memory per pod (cAdvisor) next to its requests and limits; the OOM killer acts on the limit.',
        unit: 'bytes',
        targets: promQueries(
          [`sum by (namespace, pod) (${cadvisor('container_memory_working_set_bytes')})`, '{{pod}} used'],
          [
            `sum by (namespace, pod) (${ksm('kube_pod_container_resource_requests', { resource: 'memory' })})`,
            '{{pod}} request',
          ],
          [
            `sum by (namespace, pod) (${ksm('kube_pod_container_resource_limits', { resource: 'memory' })})`,
            '{{pod}} limit',
          ],
        ),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Container restarts (1h)',
        description: 'Restarts per pod over the last hour.',
        unit: 'short',
        targets: promQueries([
          `sum by (namespace, pod) (increase(${ksm('kube_pod_container_status_restarts_total')}[1h]))`,
          '{{namespace}}/{{pod}}',
        ]),
      }),
    )
    .withRow(new RowBuilder('Autoscaling and volumes'))
    .withPanel(
      timeSeries({
        title: 'HPA replicas',
        description: 'Current and desired replicas of each HorizontalPodAutoscaler between its min and max.',
        unit: 'short',
        targets: promQueries(
          [ksm('kube_horizontalpodautoscaler_status_current_replicas'), '{{horizontalpodautoscaler}} current'],
          [ksm('kube_horizontalpodautoscaler_status_desired_replicas'), '{{horizontalpodautoscaler}} desired'],
          [ksm('kube_horizontalpodautoscaler_spec_min_replicas'), '{{horizontalpodautoscaler}} min'],
          [ksm('kube_horizontalpodautoscaler_spec_max_replicas'), '{{horizontalpodautoscaler}} max'],
        ),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'HPA scaling events',
        description: 'How often the desired replica count changed: each step is a scale-up or scale-down decision.',
        unit: 'short',
        targets: promQueries([
          `sum by (namespace, horizontalpodautoscaler) (changes(${ksm('kube_horizontalpodautoscaler_status_desired_replicas')}[$__rate_interval]))`,
          '{{horizontalpodautoscaler}}',
        ]),
      }),
    )
    .withPanel(
      timeSeries({
        title: 'Volume usage',
        description: 'Used share of each persistent volume claim (kubelet volume stats).',
        unit: 'percentunit',
        width: 24,
        targets: promQueries([
          `${volumes('kubelet_volume_stats_used_bytes')}\n/ ${volumes('kubelet_volume_stats_capacity_bytes')}`,
          '{{namespace}}/{{persistentvolumeclaim}}',
        ]),
      }),
    );
  return finish(builder, 'lms-cluster');
}
