import { CompressionTypes, type Kafka } from 'kafkajs';
import { rememberingDefaultPartitioner } from './partitioner.js';

export interface OutgoingMessage {
  topic: string;
  key: string;
  /** Text, or bytes already encoded (UTF-8) where a record was built off the sending thread. */
  value: string | Buffer;
  headers?: Record<string, string>;
  /**
   * The record's key, value and headers already laid out as Kafka stores them
   * (`packRecords`): the producer copies these bytes instead of encoding key and value.
   */
  recordTail?: Buffer;
}

/**
 * The shared producer: idempotent (no duplicates from its own retries) and every send
 * waits for all in-sync replicas, so "sent" means durably written.
 */
export interface DurableProducer {
  send(messages: readonly OutgoingMessage[], opts?: { timeoutMs?: number }): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * Brokers refuse a record batch above message.max.bytes (1 MiB by default) and kafkajs
 * sends one batch per partition per request, so one send carries at most this much. Under
 * half a MiB besides: a broker with Kafka's stock heap (1 GiB, G1 regions of 1 MiB) holds a
 * request over 512 KiB as a humongous object, which starts concurrent marking; with 768 KiB
 * requests such a broker spent 4-5 times the CPU per record (npm run bench -- ingest).
 */
const MAX_REQUEST_BYTES = 448 * 1024;

/**
 * Splits messages into consecutive runs of at most `maxBytes` of keys and values: by
 * default what one produce request should carry, for every producer of the project.
 */
export function chunksBySize(
  messages: readonly OutgoingMessage[],
  maxBytes = MAX_REQUEST_BYTES,
): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let size = 0;
  for (const m of messages) {
    const bytes = Buffer.byteLength(m.value) + Buffer.byteLength(m.key) + 64;
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(m);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export async function createDurableProducer(kafka: Kafka): Promise<DurableProducer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: rememberingDefaultPartitioner,
  });
  await producer.connect();
  return {
    async send(messages, opts = {}) {
      for (const chunk of chunksBySize(messages)) {
        // The messages themselves go to kafkajs (it reads key, value, headers and, patched,
        // recordTail), not a copy of each.
        const byTopic = new Map<string, OutgoingMessage[]>();
        for (const m of chunk) {
          const list = byTopic.get(m.topic) ?? [];
          byTopic.set(m.topic, list);
          list.push(m);
        }
        await producer.sendBatch({
          acks: -1,
          timeout: opts.timeoutMs ?? 30_000,
          compression: CompressionTypes.None,
          topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
        });
      }
    },
    disconnect: () => producer.disconnect(),
  };
}
