import type { DurableProducer, TopicNames } from '@carbon-account/kafka';
import type { Kafka } from 'kafkajs';
import type { Outgoing, Sink } from './sink.js';

/** Straight to energy.readings.v1 / org.outputs.v1, keyed by orgId, acknowledged by all in-sync replicas. */
export function kafkaSink(kafka: Kafka, producer: DurableProducer, topics: TopicNames): Sink {
  const admin = kafka.admin();
  let adminConnected = false;
  return {
    name: 'kafka',
    async send(batch: readonly Outgoing[]) {
      await producer.send(
        batch.map((item) =>
          item.kind === 'reading'
            ? {
                topic: topics.readings,
                key: item.reading.orgId,
                value: JSON.stringify(item.reading),
              }
            : { topic: topics.outputs, key: item.output.orgId, value: JSON.stringify(item.output) },
        ),
      );
      return { accepted: batch.length, rejected: 0, reasons: [] };
    },
    async ready() {
      if (!adminConnected) {
        await admin.connect();
        adminConnected = true;
      }
      const names = await admin.listTopics();
      return names.includes(topics.readings) && names.includes(topics.outputs);
    },
    async close() {
      if (adminConnected) await admin.disconnect();
      await producer.disconnect();
    },
  };
}
