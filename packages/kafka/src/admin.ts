import type { Admin, Kafka } from 'kafkajs';
import type { TopicNames } from './topics.js';

export interface TopicLayout {
  partitions: number;
  replicationFactor: number;
  /** Topic-level settings for new topics, e.g. { 'cleanup.policy': 'compact' }. */
  config?: Record<string, string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function leadersOf(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      if (found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
        return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`topics without leaders: ${topics.join(', ')}`);
    await sleep(250);
  }
}

/**
 * Creates the contract's topics when missing (brokers run with auto-creation off, so a
 * typo in a topic name fails loudly instead of creating a stray topic). Existing topics
 * are left as they are.
 */
export async function ensureTopics(
  kafka: Kafka,
  names: TopicNames | Record<string, string>,
  layout: TopicLayout,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = Object.values(names).filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: layout.partitions,
          replicationFactor: layout.replicationFactor,
          configEntries: Object.entries(layout.config ?? {}).map(([name, value]) => ({
            name,
            value,
          })),
        })),
      });
    } catch (err) {
      // kafkajs waits for the new topics' leaders by asking for metadata, and gives up on
      // UNKNOWN_TOPIC_OR_PARTITION, which a busy KRaft broker answers until the topics'
      // metadata has propagated. The topics were created: wait for them ourselves.
      if ((err as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
      await leadersOf(admin, missing);
    }
  } finally {
    await admin.disconnect();
  }
}

/** How many partitions `topic` has, from the broker's metadata. */
export async function partitionCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0]?.partitions.length ?? 0;
  } finally {
    await admin.disconnect();
  }
}
