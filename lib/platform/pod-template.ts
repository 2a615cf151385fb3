import { ApiObject, JsonPatch } from 'cdk8s';
import type { IConstruct } from 'constructs';

/**
 * Adjusts the pod template of a cdk8s-plus workload: removes the `cdk8s.io/metadata.addr` label
 * (a hash of the construct path; our selectors use the app.kubernetes.io labels instead) and turns
 * off service links, which would inject variables like POSTGRES_PORT=tcp://… into every container.
 */
export function tidyPodTemplate(workload: IConstruct): void {
  ApiObject.of(workload).addJsonPatch(
    JsonPatch.add('/spec/template/spec/enableServiceLinks', false),
    JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
  );
}
