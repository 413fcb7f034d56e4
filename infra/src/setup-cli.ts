import { ensureClickHouseBinary } from './clickhouse.js';
import { ensureKafkaJars } from './kafka.js';

// Run by infra/bin/setup: fetch what the local services need before anything starts.
const log = (line: string) => console.log(`[setup] ${line}`);
try {
  if (!process.env.KAFKA_BROKERS) ensureKafkaJars(log);
  if (!process.env.CLICKHOUSE_URL) ensureClickHouseBinary(log);
} catch (err) {
  console.error(`[setup] ${(err as Error).message}`);
  process.exit(1);
}
