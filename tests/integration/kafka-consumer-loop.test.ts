import { createDurableProducer, partitionOfKey, runBatchConsumer } from '@carbon-account/kafka';
import { describe, expect, it } from 'vitest';
import { freshTopics, testLogger } from '../src/index.js';

describe('producer and consumer loop against the real Kafka broker', () => {
  it('delivers every message keyed as sent, retries a failed batch and commits only after success', async () => {
    const { kafka, topics } = await freshTopics(3);
    const producer = await createDurableProducer(kafka);
    const sent = Array.from({ length: 300 }, (_, i) => ({
      topic: topics.readings,
      key: `org-${i % 7}`,
      value: JSON.stringify({ i }),
    }));
    await producer.send(sent);

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
    const deadline = Date.now() + 60_000;
    while (received.size < sent.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
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
    await producer.disconnect();
    const endOf = new Map(ends.map((p) => [p.partition, p.high]));
    for (const p of committed[0]?.partitions ?? []) expect(p.offset).toBe(endOf.get(p.partition));
    expect(committed[0]?.partitions.length).toBe(3);
  });
});
