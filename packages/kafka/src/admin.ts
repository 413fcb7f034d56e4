import type { Kafka } from 'kafkajs';
import type { TopicNames } from './topics.js';

export interface TopicLayout {
  partitions: number;
  replicationFactor: number;
  /** Topic-level settings for new topics, e.g. { 'cleanup.policy': 'compact' }. */
  config?: Record<string, string>;
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
  } finally {
    await admin.disconnect();
  }
}
