import { componentLabels, selectorLabels } from '../platform/labels.js';

/** The labels of a monitoring component, and the stable subset its selectors use. */
export interface MonitoringLabels {
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
}

/** Standard `app.kubernetes.io` labels for a component of the monitoring stack, versioned by its image tag. */
export function monitoringLabels(name: string, component: string, image: string): MonitoringLabels {
  const id = { name, component, version: imageTag(image), partOf: 'monitoring' };
  return { labels: componentLabels(id), selector: selectorLabels(id) };
}

/** The tag of an image reference (`name:tag`); an untagged image is refused. */
export function imageTag(image: string): string {
  const tag = image.slice(image.lastIndexOf(':') + 1);
  if (tag === image || tag.includes('/') || tag === 'latest') {
    throw new Error(`Image '${image}' must be pinned to an explicit version tag, e.g. 'grafana/loki:3.7.4'.`);
  }
  return tag;
}
