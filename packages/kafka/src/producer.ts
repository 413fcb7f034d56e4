import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/**
 * The shared producer: idempotent (no duplicates from its own retries) and every send
 * waits for all in-sync replicas, so "sent" means durably written.
 */
export interface DurableProducer {
  readonly producer: Producer;
  send(messages: readonly OutgoingMessage[], opts?: { timeoutMs?: number }): Promise<void>;
  disconnect(): Promise<void>;
}

export async function createDurableProducer(kafka: Kafka): Promise<DurableProducer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  return {
    producer,
    async send(messages, opts = {}) {
      if (messages.length === 0) return;
      const byTopic = new Map<string, Message[]>();
      for (const m of messages) {
        const list = byTopic.get(m.topic) ?? [];
        byTopic.set(m.topic, list);
        list.push({ key: m.key, value: m.value, headers: m.headers });
      }
      await producer.sendBatch({
        acks: -1,
        timeout: opts.timeoutMs ?? 30_000,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
      });
    },
    disconnect: () => producer.disconnect(),
  };
}
