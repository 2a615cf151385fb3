import { selector } from './promql.js';
import type { RuleGroup } from './types.js';
import { validated } from './validate.js';

/** Alerts on workload state (kube-state-metrics) and volumes (kubelet). */
export function kubernetesRules(jobs: { readonly kubeStateMetrics: string; readonly kubelet: string }): RuleGroup {
  const ksm = (metric: string, extra: Record<string, string> = {}): string =>
    selector(metric, { job: jobs.kubeStateMetrics, ...extra });
  const kubelet = (metric: string): string => selector(metric, { job: jobs.kubelet });
  return validated({
    name: 'kubernetes',
    rules: [
      {
        alert: 'HpaAtMaxReplicas',
        expr:
          `${ksm('kube_horizontalpodautoscaler_status_current_replicas')}\n>= ` +
          `${ksm('kube_horizontalpodautoscaler_spec_max_replicas')}`,
        for: '15m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'An HPA has run at its maximum replicas for 15 minutes.',
          description:
            'HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} cannot scale further; raise maxReplicas or find the load.',
        },
      },
      {
        alert: 'PodCrashLooping',
        expr: `max_over_time(${ksm('kube_pod_container_status_waiting_reason', { reason: 'CrashLoopBackOff' })}[5m]) >= 1`,
        for: '10m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'A container is crash looping.',
          description:
            'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} has been in CrashLoopBackOff for 10 minutes.',
        },
      },
      {
        alert: 'PersistentVolumeFillingUp',
        expr:
          `${kubelet('kubelet_volume_stats_available_bytes')}\n/ ` +
          `${kubelet('kubelet_volume_stats_capacity_bytes')} < 0.10`,
        for: '5m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'A persistent volume is more than 90% full.',
          description:
            'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has {{ $value | humanizePercentage }} free.',
        },
      },
    ],
  });
}
