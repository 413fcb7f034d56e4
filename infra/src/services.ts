import { join } from 'node:path';
import { type LocalClickHouse, startLocalClickHouse } from './clickhouse.js';
import { dockerAnswers, startContainers } from './containers.js';
import { type LocalKafka, startLocalKafka } from './kafka.js';

export type ServiceSource = 'env' | 'container' | 'local';

export interface Services {
  brokers: string[];
  clickhouseUrl: string;
  source: { kafka: ServiceSource; clickhouse: ServiceSource };
  /** Present when this process started the broker itself (tests may stop and restart it). */
  kafka?: LocalKafka;
  /** Present when this process started the server itself. */
  clickhouse?: LocalClickHouse;
  stop(): Promise<void>;
}

/**
 * Kafka and ClickHouse for a run, chosen in order: servers named by KAFKA_BROKERS /
 * CLICKHOUSE_URL; containers when a Docker engine answers; otherwise local processes
 * (Kafka from its Maven jars, Debian's clickhouse-server) with data under `dir`.
 */
export async function provideServices(opts: {
  dir: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  kafkaPort?: number;
  clickhouseHttpPort?: number;
  useContainers?: boolean;
}): Promise<Services> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  const envBrokers = env.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const envClickHouse = env.CLICKHOUSE_URL?.trim() || undefined;
  const stops: (() => Promise<void>)[] = [];
  let brokers = envBrokers;
  let clickhouseUrl = envClickHouse;
  const source: Services['source'] = {
    kafka: envBrokers ? 'env' : 'local',
    clickhouse: envClickHouse ? 'env' : 'local',
  };
  try {
    if ((!brokers || !clickhouseUrl) && (opts.useContainers ?? true) && dockerAnswers()) {
      log('a Docker engine answers: starting Kafka and ClickHouse containers');
      const containers = await startContainers();
      stops.push(containers.stop);
      if (!brokers) {
        brokers = containers.brokers;
        source.kafka = 'container';
      }
      if (!clickhouseUrl) {
        clickhouseUrl = containers.clickhouseUrl;
        source.clickhouse = 'container';
      }
    }
    let kafka: LocalKafka | undefined;
    let clickhouse: LocalClickHouse | undefined;
    // Both start at once: on two cores the JVM's start-up overlaps ClickHouse's.
    await Promise.all([
      (async () => {
        if (brokers) return;
        kafka = await startLocalKafka({ dir: join(opts.dir, 'kafka'), port: opts.kafkaPort, log });
        stops.push(kafka.stop);
        brokers = kafka.brokers;
      })(),
      (async () => {
        if (clickhouseUrl) return;
        clickhouse = await startLocalClickHouse({
          dir: join(opts.dir, 'clickhouse'),
          httpPort: opts.clickhouseHttpPort,
          log,
        });
        stops.push(clickhouse.stop);
        clickhouseUrl = clickhouse.url;
      })(),
    ]);
    if (!brokers || !clickhouseUrl) throw new Error('no Kafka or ClickHouse could be provided');
    return {
      brokers,
      clickhouseUrl,
      source,
      kafka,
      clickhouse,
      async stop() {
        await Promise.allSettled(stops.reverse().map((stop) => stop()));
      },
    };
  } catch (err) {
    await Promise.allSettled(stops.map((stop) => stop()));
    throw err;
  }
}
