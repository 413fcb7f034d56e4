import { createDurableProducer, partitionOfKey, runBatchConsumer } from '@carbon-account/kafka';
import type { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { freshTopics, testLogger } from '../src/index.js';

/** Messages {"i": n} for n < count, keyed by org-(n % keys), sent in runs of `runs`. */
async function sendNumbered(
  kafka: Kafka,
  topic: string,
  count: number,
  keys: number,
  runs = count,
) {
  const producer = await createDurableProducer(kafka);
  const sent = Array.from({ length: count }, (_, i) => ({
    topic,
    key: `org-${i % keys}`,
    value: JSON.stringify({ i }),
  }));
  for (let i = 0; i < sent.length; i += runs) await producer.send(sent.slice(i, i + runs));
  await producer.disconnect();
  return sent;
}

/** Waits up to a minute for `done`, checking every 100 ms. */
async function within60s(done: () => boolean) {
  const deadline = Date.now() + 60_000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

describe('producer and consumer loop against the real Kafka broker', () => {
  it('delivers every message keyed as sent, retries a failed batch and commits only after success', async () => {
    const { kafka, topics } = await freshTopics(3);
    const sent = await sendNumbered(kafka, topics.readings, 300, 7);

    const received = new Map<number, string>();
    const partitionOf = new Map<string, number>();
    let failuresLeft = 2;
    const groupId = `${topics.readings}.g1`;
    const running = await runBatchConsumer({
      kafka,
      groupId,
      topics: [topics.readings],
      logger: testLogger,
      retryInitialMs: 50,
      handleBatch: async (messages) => {
        if (failuresLeft > 0) {
          failuresLeft--;
          throw new Error('store not available');
        }
        for (const m of messages) {
          received.set(JSON.parse(String(m.value)).i, String(m.key));
          partitionOf.set(String(m.key), m.partition);
        }
      },
    });
    await within60s(() => received.size >= sent.length);
    // The only member holds every partition; once stopped, none.
    expect([...running.assignedPartitions(topics.readings)].sort()).toEqual([0, 1, 2]);
    expect(running.assignedPartitions('another topic')).toEqual([]);
    // Alone in its group from the start, it joined once (unless the group coordinator
    // asked it to rejoin while it started).
    expect(running.joins()).toBeGreaterThanOrEqual(1);
    await running.stop();
    expect(running.assignedPartitions(topics.readings)).toEqual([]);
    // A key's partition is known without a message: the broker put each where it says.
    expect(partitionOf.size).toBe(7);
    for (const [key, partition] of partitionOf) expect(partitionOfKey(key, 3)).toBe(partition);

    expect(failuresLeft).toBe(0);
    expect(received.size).toBe(sent.length);
    for (const [i, key] of received) expect(key).toBe(`org-${i % 7}`);

    // Every partition's committed offset is its end: nothing left, nothing skipped.
    const admin = kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId, topics: [topics.readings] });
    const ends = await admin.fetchTopicOffsets(topics.readings);
    await admin.disconnect();
    const endOf = new Map(ends.map((p) => [p.partition, p.high]));
    for (const p of committed[0]?.partitions ?? []) expect(p.offset).toBe(endOf.get(p.partition));
    expect(committed[0]?.partitions.length).toBe(3);
  });
});

describe('batches stored behind the fetching, against the real Kafka broker', () => {
  it('stores each partition in order, one batch at a time, commits each after it, and retries one without storing the next', async () => {
    const { kafka, topics } = await freshTopics(3);
    // Several sends, so that each partition has several batches of at most 4 KiB.
    const sent = await sendNumbered(kafka, topics.readings, 3000, 11, 500);

    const groupId = `${topics.readings}.behind`;
    const stored = new Map<number, number[]>();
    const storing = new Set<number>();
    /** Per partition, in order: 'p' when a batch was prepared, 's' when one was stored. */
    const events = new Map<number, string[]>();
    const event = (partition: number, e: string) => {
      const list = events.get(partition) ?? [];
      events.set(partition, list);
      list.push(e);
    };
    const commitsSeen: { partition: number; firstOffset: bigint; committed: bigint }[] = [];
    let failuresLeft = 2;
    let concurrentStores = 0;
    const admin = kafka.admin();
    await admin.connect();
    const committedOf = async (partition: number) => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topics.readings] });
      const p = offsets?.partitions.find((x) => x.partition === partition);
      return BigInt(p && p.offset !== '-1' ? p.offset : 0);
    };
    const running = await runBatchConsumer({
      kafka,
      groupId,
      topics: [topics.readings],
      logger: testLogger,
      retryInitialMs: 50,
      maxBytesPerPartition: 4096,
      partitionsConsumedConcurrently: 3,
      storeBehind: 2,
      prepareBatch: (messages, ctx) => {
        event(ctx.partition, 'p');
        return messages.map((m) => JSON.parse(String(m.value)).i as number);
      },
      handleBatch: async (messages, ctx, _control, numbers) => {
        // Nothing of this partition is stored concurrently, and what was committed before
        // this batch never goes past its first message.
        if (storing.has(ctx.partition)) concurrentStores++;
        storing.add(ctx.partition);
        try {
          const firstOffset = BigInt(messages[0]?.offset ?? 0);
          commitsSeen.push({
            partition: ctx.partition,
            firstOffset,
            committed: await committedOf(ctx.partition),
          });
          await new Promise((r) => setTimeout(r, 20));
          if (ctx.partition === 1 && failuresLeft > 0) {
            failuresLeft--;
            throw new Error('store not available');
          }
          const list = stored.get(ctx.partition) ?? [];
          stored.set(ctx.partition, list);
          list.push(...numbers);
          event(ctx.partition, 's');
        } finally {
          storing.delete(ctx.partition);
        }
      },
    });
    const total = () => [...stored.values()].reduce((n, l) => n + l.length, 0);
    await within60s(() => total() >= sent.length);
    await running.stop();

    expect(failuresLeft).toBe(0);
    expect(concurrentStores).toBe(0);
    expect(total()).toBe(sent.length);
    // In order within each partition: a retried batch was stored before the next one.
    for (const numbers of stored.values()) {
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    }
    expect(new Set([...stored.values()].flat()).size).toBe(sent.length);
    for (const seen of commitsSeen) expect(seen.committed <= seen.firstOffset).toBe(true);
    // The next batch of a partition was fetched and prepared while one was being stored:
    // somewhere two preparations came without a store between them.
    expect([...events.values()].some((e) => e.join('').includes('pp'))).toBe(true);

    // Every partition's committed offset is its end once stopped.
    const ends = await admin.fetchTopicOffsets(topics.readings);
    for (const end of ends) expect(await committedOf(end.partition)).toBe(BigInt(end.high));
    await admin.disconnect();
  });
});
