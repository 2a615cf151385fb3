import { fileURLToPath } from 'node:url';

/** The committed OpenAPI document (written by `npm run openapi -w api`). */
export const OPENAPI_FILE = fileURLToPath(new URL('../../openapi.json', import.meta.url));
