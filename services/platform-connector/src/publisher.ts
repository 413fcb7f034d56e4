import { chunksBySize, type OutgoingMessage } from '@carbon-account/kafka';
import type { Kafka, Producer } from 'kafkajs';
import { checkpointKey, type FileCheckpoint } from './checkpoints.js';

/**
 * Publishes a batch of readings and rejections together with the file's checkpoint in
 * one Kafka transaction: read_committed readers see the lines and the checkpoint both
 * or neither. A checkpoint kept anywhere else (a local file) would be written after the
 * send, and a crash between the two would publish the batch again on restart; here a
 * crash mid-transaction leaves it open, and the next instance's producer (same
 * transactional id) aborts it when it connects, then resumes from the last committed
 * checkpoint. Each line is therefore on the topic exactly once.
 */
export interface TransactionalPublisher {
  publish(messages: readonly OutgoingMessage[], checkpoint: FileCheckpoint): Promise<void>;
  disconnect(): Promise<void>;
}

export async function connectTransactionalPublisher(opts: {
  kafka: Kafka;
  transactionalId: string;
  checkpointTopic: string;
  connectorId: string;
}): Promise<TransactionalPublisher> {
  const producer: Producer = opts.kafka.producer({
    transactionalId: opts.transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    transactionTimeout: 60_000,
  });
  // kafkajs warns that limited retries "may invalidate EoS": not here, a send that runs
  // out of retries aborts its whole transaction.
  await producer.connect();
  // kafkajs registers the transactional id (InitProducerId) only at the first
  // transaction, not at connect. Do it now, before the caller reads the checkpoints: it
  // fences older instances, so they can commit nothing more, and completes or aborts
  // their open transaction. An empty transaction's abort sends nothing to the broker.
  await (await producer.transaction()).abort();
  return {
    async publish(messages, checkpoint) {
      const all: OutgoingMessage[] = [
        ...messages,
        {
          topic: opts.checkpointTopic,
          key: checkpointKey(opts.connectorId, checkpoint.file),
          value: JSON.stringify(checkpoint),
        },
      ];
      const tx = await producer.transaction();
      try {
        for (const chunk of chunksBySize(all)) {
          const byTopic = new Map<string, OutgoingMessage[]>();
          for (const m of chunk) {
            const list = byTopic.get(m.topic) ?? [];
            byTopic.set(m.topic, list);
            list.push(m);
          }
          await tx.sendBatch({
            acks: -1,
            topicMessages: [...byTopic].map(([topic, list]) => ({
              topic,
              messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
            })),
          });
        }
        await tx.commit();
      } catch (err) {
        await tx.abort().catch(() => undefined);
        throw err;
      }
    },
    disconnect: () => producer.disconnect(),
  };
}
