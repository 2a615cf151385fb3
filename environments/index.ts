import { checkEnvironment, checkProdFloors, checkUnique } from '../lib/environments/environment-settings.js';
import type { EnvironmentSettings } from '../lib/environments/environment-settings.js';
import { dev } from './dev.js';
import { prod } from './prod.js';
import { staging } from './staging.js';

/** The registry: an environment is a file of this folder listed here (index.ts and tests are not). */
const registered: Readonly<Record<string, unknown>> = { dev, staging, prod };

/** Every environment, checked: schema, prod floors, unique namespaces and clusters. */
export function loadEnvironments(
  environments: Readonly<Record<string, unknown>> = registered,
): Record<string, EnvironmentSettings> {
  const checked = Object.fromEntries(
    Object.entries(environments).map(([name, settings]) => [
      name,
      checkEnvironment(`environments/${name}.ts`, settings),
    ]),
  );
  if (checked.prod) checkProdFloors('environments/prod.ts', checked.prod);
  checkUnique(checked);
  return checked;
}
