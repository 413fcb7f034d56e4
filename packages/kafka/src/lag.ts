import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Messages between the group's committed offset and the end of the partition. */
  lag: number;
}

/** Where a group stands on one partition: the end of the partition and its committed offset. */
export interface GroupPartitionOffsets {
  topic: string;
  partition: number;
  end: bigint;
  /** The committed offset; where the group starts (the earliest offset) when it has none. */
  committed: bigint;
  /** Whether the group ever committed on this partition. */
  hasCommitted: boolean;
}

/** A group's position on every partition of a topic, from the broker. */
export async function groupOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<GroupPartitionOffsets[]> {
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, p.offset]));
  return ends.map((p) => {
    const at = BigInt(done.get(p.partition) ?? '-1');
    // -1: nothing committed yet; the group starts from the earliest offset.
    return {
      topic,
      partition: p.partition,
      end: BigInt(p.high),
      committed: at < 0n ? BigInt(p.low) : at,
      hasCommitted: at >= 0n,
    };
  });
}

/** Lag of a consumer group on one topic, from the broker: end offsets minus committed. */
export async function consumerGroupLag(
  kafka: Kafka,
  groupId: string,
  topic: string,
): Promise<PartitionLag[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await groupOffsets(admin, groupId, topic)).map((p) => ({
      topic,
      partition: p.partition,
      lag: Number(p.end > p.committed ? p.end - p.committed : 0n),
    }));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reports the group's lag every `intervalMs`, measured at the broker, so the figure keeps
 * moving while the consumer itself is stuck (e.g. waiting for ClickHouse): lag computed
 * after each committed batch would freeze exactly when an operator needs it.
 */
export function watchConsumerLag(opts: {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  intervalMs: number;
  logger: Logger;
  onLag: (lag: PartitionLag) => void;
}): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const topic of opts.topics) {
        for (const p of await consumerGroupLag(opts.kafka, opts.groupId, topic)) opts.onLag(p);
      }
    } catch (err) {
      opts.logger.warn({ err: (err as Error).message }, 'consumer lag not measured; will retry');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
