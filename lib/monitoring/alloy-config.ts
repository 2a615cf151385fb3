import type { AlloyBlock } from './alloy-syntax.js';
import { call, concat, ref } from './alloy-syntax.js';
import { JSON_LEVEL_FIELD, relabelRules, type CollectorSettings } from './collector-config.js';

/** Grafana Alloy's pipeline for the same behaviour as Promtail's configuration. */
export function alloyConfig(s: CollectorSettings): AlloyBlock[] {
  return [
    {
      name: 'discovery.kubernetes',
      label: 'pods',
      attributes: { role: 'pod' },
      // Ask the API server only for this node's pods.
      blocks: [
        {
          name: 'selectors',
          attributes: { role: 'pod', field: concat('spec.nodeName=', call('sys.env', 'HOSTNAME')) },
        },
      ],
    },
    {
      name: 'discovery.relabel',
      label: 'pods',
      attributes: { targets: ref('discovery.kubernetes.pods.targets') },
      blocks: relabelRules().map((rule) => ({
        name: 'rule',
        attributes: Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined)),
      })),
    },
    { name: 'local.file_match', label: 'pods', attributes: { path_targets: ref('discovery.relabel.pods.output') } },
    {
      name: 'loki.source.file',
      label: 'pods',
      attributes: { targets: ref('local.file_match.pods.targets'), forward_to: [ref('loki.process.pods.receiver')] },
    },
    {
      name: 'loki.process',
      label: 'pods',
      attributes: { forward_to: [ref('loki.write.default.receiver')] },
      blocks: [
        { name: 'stage.cri' },
        { name: 'stage.json', attributes: { expressions: { [JSON_LEVEL_FIELD]: JSON_LEVEL_FIELD } } },
        { name: 'stage.labels', attributes: { values: { [JSON_LEVEL_FIELD]: JSON_LEVEL_FIELD } } },
      ],
    },
    { name: 'loki.write', label: 'default', blocks: [{ name: 'endpoint', attributes: { url: s.pushUrl } }] },
  ];
}
