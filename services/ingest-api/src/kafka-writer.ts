import type { DurableProducer, OutgoingMessage } from '@carbon-account/kafka';
import type { Logger } from '@carbon-account/runtime';

/** Kafka did not acknowledge the write in time, or too much is already waiting for it. */
export class KafkaUnavailable extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'failed' | 'busy',
  ) {
    super(message);
    this.name = 'KafkaUnavailable';
  }
}

export interface KafkaWriter {
  /** Connects the producers, so a service does not start without Kafka. */
  start(): Promise<void>;
  /** Disconnects the producers. */
  close(): Promise<void>;
  /** Resolves once Kafka acknowledged every message (acks from all in-sync replicas). */
  write(messages: readonly OutgoingMessage[]): Promise<void>;
  /** Bytes waiting to be written. */
  pendingBytes(): number;
}

interface Waiting {
  messages: readonly OutgoingMessage[];
  bytes: number;
  settled: boolean;
  timer: NodeJS.Timeout;
  resolve: () => void;
  reject: (err: KafkaUnavailable) => void;
}

const sizeOf = (messages: readonly OutgoingMessage[]) =>
  messages.reduce((s, m) => s + m.value.length + m.key.length, 0);

/**
 * Group commit over the shared producer: requests that arrive while a write is under way
 * wait, then go to Kafka together in the next write (bounded by `maxWriteBytes`). An
 * idempotent producer has one request in flight per broker, so one big write per round trip
 * is what makes throughput; `producers` idempotent producers (each its own id and sequence
 * numbers) keep that many writes in flight. A request is never split between two writes, so
 * its fate is one and its records keep their order; separate requests have no order anyway.
 *
 * After a failed write its producer is replaced. kafkajs does not advance an idempotent
 * producer's sequence numbers on a failure; had the failed batch landed with its
 * acknowledgement lost, the broker would take the next batch, reusing those numbers, for a
 * duplicate and drop it while acknowledging it. A new producer has a new id and new numbers.
 */
export function createKafkaWriter(opts: {
  /** Makes a connected producer; called at the first write and again after a failed one. */
  connect: () => Promise<DurableProducer>;
  timeoutMs: number;
  maxPendingBytes: number;
  maxWriteBytes?: number;
  /** Producers, and so writes in flight at once. */
  producers?: number;
  logger: Logger;
  onWrite?: (seconds: number, messages: number, ok: boolean) => void;
  onLateWrite?: () => void;
}): KafkaWriter {
  const maxWriteBytes = opts.maxWriteBytes ?? 4 * 1024 * 1024;
  const slots: (Promise<DurableProducer> | undefined)[] = Array.from(
    { length: opts.producers ?? 1 },
    () => undefined,
  );
  const free = slots.map((_, i) => i);
  const queue: Waiting[] = [];
  let pending = 0;

  const connected = (slot: number) => {
    const current = slots[slot] ?? opts.connect();
    slots[slot] = current;
    // A producer that failed to connect is not kept: the next write tries a new one.
    current.catch(() => {
      if (slots[slot] === current) slots[slot] = undefined;
    });
    return current;
  };

  const send = async (slot: number, messages: readonly OutgoingMessage[]) => {
    const current = connected(slot);
    try {
      await (await current).send(messages, { timeoutMs: opts.timeoutMs });
    } catch (err) {
      if (slots[slot] === current) slots[slot] = undefined;
      void current.then((p) => p.disconnect()).catch(() => undefined);
      throw err;
    }
  };

  const take = (): Waiting[] => {
    const batch: Waiting[] = [];
    let bytes = 0;
    while (
      queue.length > 0 &&
      (batch.length === 0 || bytes + (queue[0] as Waiting).bytes <= maxWriteBytes)
    ) {
      const next = queue.shift() as Waiting;
      batch.push(next);
      bytes += next.bytes;
    }
    return batch;
  };

  const writeBatch = async (slot: number, batch: Waiting[]) => {
    const messages = batch.flatMap((w) => w.messages);
    const started = process.hrtime.bigint();
    let failure: unknown;
    try {
      await send(slot, messages);
    } catch (err) {
      failure = err;
    }
    opts.onWrite?.(Number(process.hrtime.bigint() - started) / 1e9, messages.length, !failure);
    for (const w of batch) {
      pending -= w.bytes;
      clearTimeout(w.timer);
      if (!w.settled) {
        w.settled = true;
        if (failure === undefined) w.resolve();
        else
          w.reject(
            new KafkaUnavailable(
              `Kafka refused the write: ${(failure as Error).message}`,
              'failed',
            ),
          );
      } else if (failure === undefined) {
        // Answered 503 already; the client sends it again and the readingId collapses both.
        opts.onLateWrite?.();
        opts.logger.warn(
          { messages: w.messages.length },
          'a write answered 503 reached Kafka later; the resent copy is a duplicate that consumers collapse by readingId',
        );
      }
    }
    if (failure !== undefined) {
      opts.logger.error(
        { err: failure, messages: messages.length },
        'Kafka write failed: requests answered 503; check the brokers (KAFKA_BROKERS) and their disks',
      );
    }
  };

  const pump = () => {
    while (free.length > 0 && queue.length > 0) {
      const slot = free.shift() as number;
      void writeBatch(slot, take()).finally(() => {
        free.push(slot);
        pump();
      });
    }
  };

  return {
    async start() {
      await Promise.all(slots.map((_, i) => connected(i)));
    },
    async close() {
      const current = slots.splice(0);
      await Promise.all(current.map(async (p) => (await p)?.disconnect()));
    },
    pendingBytes: () => pending,
    write(messages) {
      if (messages.length === 0) return Promise.resolve();
      const bytes = sizeOf(messages);
      if (pending + bytes > opts.maxPendingBytes && pending > 0) {
        return Promise.reject(
          new KafkaUnavailable('too much is waiting for Kafka already; try again later', 'busy'),
        );
      }
      return new Promise<void>((resolve, reject) => {
        const waiting: Waiting = {
          messages,
          bytes,
          settled: false,
          resolve,
          reject,
          timer: setTimeout(() => {
            if (waiting.settled) return;
            waiting.settled = true;
            const i = queue.indexOf(waiting);
            if (i >= 0) {
              // Never handed to the producer: it can never reach Kafka.
              queue.splice(i, 1);
              pending -= waiting.bytes;
            }
            reject(
              new KafkaUnavailable(
                `Kafka did not acknowledge within ${opts.timeoutMs} ms`,
                'timeout',
              ),
            );
          }, opts.timeoutMs),
        };
        queue.push(waiting);
        pending += bytes;
        pump();
      });
    },
  };
}
