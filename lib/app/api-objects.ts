import { SyncWave, syncWave } from '../platform/sync-order.js';

/** What every object of one API shares: its name, its labels and the labels that select its pods. */
export interface ApiObjectIdentity {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
}

/** Object metadata of the API's objects, in the given sync wave. */
export function apiMetadata(identity: ApiObjectIdentity, wave: number = SyncWave.api) {
  return { name: identity.name, labels: { ...identity.labels }, annotations: syncWave(wave) };
}
