/** SQLSTATE classes and codes that mean "the database is not there right now", not "the request is wrong". */
/**
 * 25P02 (in failed transaction) too: when the database froze mid-transaction, the ROLLBACK times out on
 * the client and the pooled connection stays in the aborted transaction until the server answers again;
 * the requests that borrow it meanwhile are victims of the outage, not of a bug.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '25P02']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is not established',
  'terminating connection',
  'the database system is',
  'Query read timeout',
  // TypeORM releases a transaction's query runner when its connection dies (the primary was killed);
  // the transaction's next statement then fails with this instead of a connection error.
  'Query runner already released',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    const code = typeof candidate.code === 'string' ? candidate.code : '';
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code) || code.startsWith('08')) return true;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    if (UNAVAILABLE_MESSAGES.some((fragment) => message.includes(fragment))) return true;
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}

/** SQLSTATE 23505, optionally for one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = ((error as { driverError?: unknown })?.driverError ?? error) as {
    code?: unknown;
    constraint?: unknown;
  };
  return driverError?.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}
