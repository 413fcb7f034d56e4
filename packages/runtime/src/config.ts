import { z } from 'zod';

/**
 * Parses the process environment once, at start, against a service's zod schema.
 * A bad or missing variable stops the process with a message naming each variable and
 * what was wrong — the 3 a.m. operator should not have to read a stack trace.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
  );
}

/**
 * loadConfig for a service's main: a bad environment is logged as one fatal line naming
 * every variable at fault, and the process exits 1 instead of printing a stack trace.
 */
export function loadConfigOrExit<S extends z.ZodType>(
  schema: S,
  logger: { fatal: (obj: object, msg: string) => void },
): z.infer<S> {
  try {
    return loadConfig(schema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    logger.fatal(
      { problems: err.problems },
      'invalid configuration: fix these environment variables and start again',
    );
    process.exit(1);
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Environment variables shared by every service. */
export const commonEnv = {
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
};

/** A comma-separated list, e.g. KAFKA_BROKERS=host1:9092,host2:9092. */
export const csvList = z
  .string()
  .min(1)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** A TCP port; 0 lets the OS choose (tests). */
export const port = z.coerce.number().int().min(0).max(65535);

/** Where a service finds Kafka, and the prefix of its topics (tests isolate runs with one). */
export const kafkaEnv = {
  KAFKA_BROKERS: csvList,
  KAFKA_TOPIC_PREFIX: z.string().default(''),
};

/** Where a service finds ClickHouse; CLICKHOUSE_SQL_LOG records every statement (tests replay them on chdb). */
export const clickhouseEnv = {
  CLICKHOUSE_URL: z.url(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and underscores')
    .default('carbon'),
  CLICKHOUSE_SQL_LOG: z.string().optional(),
};
