import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * Paths that may carry secrets. Pino replaces them before a line is written, so an API key
 * or a password in a header, a config object or an error never reaches the log.
 */
const secretPaths = [
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'config.CLICKHOUSE_URL',
  'clickhouseUrl',
];

/** The one logger factory: structured JSON lines on stdout, one `service` field per process. */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options = {
    name: service,
    level,
    base: { service },
    redact: { paths: secretPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Removes user:password from a URL before it is logged or printed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
