/** Every business route lives under this versioned prefix; health, metrics and docs do not. */
export const API_PREFIX = 'api/v1';
