import { selector } from './promql.js';
import type { RuleGroup } from './types.js';
import { validated } from './validate.js';

/** Node alerts on node-exporter series. */
export function nodeRules(job: string): RuleGroup {
  const fs = { job, fstype: '!=', mountpoint: '!~/(run|var/lib/kubelet)(/.*)?' };
  return validated({
    name: 'node',
    rules: [
      {
        alert: 'NodeHighCpu',
        expr: `1 - avg by (instance) (rate(${selector('node_cpu_seconds_total', { job, mode: 'idle' })}[5m])) > 0.9`,
        for: '15m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'A node has used more than 90% of its CPU for 15 minutes.',
          description:
            'Node {{ $labels.instance }} is at {{ $value | humanizePercentage }} CPU; pods on it are throttled.',
        },
      },
      {
        alert: 'NodeFilesystemAlmostFull',
        expr:
          `${selector('node_filesystem_avail_bytes', fs)}\n/ ${selector('node_filesystem_size_bytes', fs)} < 0.10\n` +
          `and ${selector('node_filesystem_readonly', fs)} == 0`,
        for: '15m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'A node filesystem has less than 10% space left.',
          description:
            'Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} has {{ $value | humanizePercentage }} free.',
        },
      },
    ],
  });
}
