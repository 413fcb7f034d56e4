import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * A kafkajs client whose own log lines go through the service's pino logger. Broker
 * start-up chatter (coordinator loading, leader election) is retried by kafkajs and is
 * logged at debug, not error.
 */
export function createKafka(opts: {
  brokers: string[];
  clientId: string;
  logger: Logger;
  extra?: Partial<KafkaConfig>;
}): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const log = opts.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...rest } = entry;
        const transient =
          /coordinator is (loading|not available)|leadership election|not the leader|another concurrent operation on the same transaction/i.test(
            `${String(rest.error ?? '')} ${message}`,
          );
        log[transient ? 'debug' : (levels[level] ?? 'info')](rest, message);
      },
    ...opts.extra,
  });
}
