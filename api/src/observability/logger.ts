import { pino, type Logger } from 'pino';

/** Paths never written to a log line, whatever a caller passes in. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'currentPassword',
  '*.currentPassword',
  'accessToken',
  '*.accessToken',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
];

/** JSON lines on stdout: ISO time, a string level, secrets redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
