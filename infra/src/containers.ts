import { spawnSync } from 'node:child_process';
import { freePort } from './process.js';

/** True when a Docker engine answers (not only a docker client on PATH). */
export function dockerAnswers(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    stdio: 'ignore',
    timeout: 5_000,
  });
  return result.status === 0;
}

export interface ContainerServices {
  brokers: string[];
  clickhouseUrl: string;
  stop(): Promise<void>;
}

/**
 * Kafka and ClickHouse from their official images through testcontainers, for machines
 * with a Docker engine. The broker advertises the host port it is published on, so
 * clients outside the container reach it.
 */
export async function startContainers(
  opts: { kafkaImage?: string; clickhouseImage?: string } = {},
): Promise<ContainerServices> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const kafkaPort = await freePort();
  const kafka = await new GenericContainer(opts.kafkaImage ?? 'apache/kafka:4.1.1')
    .withExposedPorts({ container: 9092, host: kafkaPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forListeningPorts())
    .start();
  const clickhouse = await new GenericContainer(
    opts.clickhouseImage ?? 'clickhouse/clickhouse-server:latest',
  )
    .withExposedPorts(8123)
    .withEnvironment({ CLICKHOUSE_SKIP_USER_SETUP: '1' })
    .withWaitStrategy(Wait.forHttp('/ping', 8123))
    .start();
  return {
    brokers: [`127.0.0.1:${kafkaPort}`],
    clickhouseUrl: `http://${clickhouse.getHost()}:${clickhouse.getMappedPort(8123)}`,
    async stop() {
      await Promise.allSettled([kafka.stop(), clickhouse.stop()]);
    },
  };
}
