import { randomUUID } from 'node:crypto';
import type { Logger } from '@carbon-account/runtime';
import type { Kafka } from 'kafkajs';

/** The connector's own compacted topic: per export file, how far it is published. */
export const CHECKPOINT_TOPIC = 'platform-connector.checkpoints.v1';

export interface FileCheckpoint {
  file: string;
  /** Every line up to and including this physical line is on the topics. */
  line: number;
  /** Readings and rejections published from the file so far. */
  published: number;
  rejected: number;
  /** The whole file is published; it only remains to move it aside. */
  done: boolean;
  /** Done, but the file could not be read to its end (e.g. no usable header). */
  unreadable?: boolean;
  updatedAt: string;
}

export type Checkpoints = Map<string, FileCheckpoint>;

export const checkpointKey = (connectorId: string, file: string) => `${connectorId}/${file}`;

/**
 * Reads the committed checkpoints of this connector, from the beginning of the compacted
 * topic to its end. Call it only after the transactional producer has connected: that
 * fences any earlier instance and aborts its open transaction, so the end of the topic
 * is then stable and everything before it is committed or aborted. kafkajs consumers
 * read_committed, so aborted checkpoints are never seen.
 */
export async function loadCheckpoints(opts: {
  kafka: Kafka;
  topic: string;
  connectorId: string;
  logger: Logger;
  timeoutMs?: number;
}): Promise<Checkpoints> {
  const checkpoints: Checkpoints = new Map();
  const prefix = checkpointKey(opts.connectorId, '');
  const admin = opts.kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const p of await admin.fetchTopicOffsets(opts.topic)) {
      if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return checkpoints;

  const groupId = `${opts.connectorId}.checkpoint-reader.${randomUUID()}`;
  const consumer = opts.kafka.consumer({ groupId, readUncommitted: false });
  await consumer.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`checkpoints not read to the end of ${opts.topic} in time`)),
        opts.timeoutMs ?? 60_000,
      );
      // END_BATCH_PROCESS also reports batches of only control records (transaction
      // markers), which is how the reader learns it passed the last marker.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const end = ends.get(payload.partition);
        if (end !== undefined && BigInt(payload.lastOffset) + 1n >= end)
          ends.delete(payload.partition);
        if (ends.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
      consumer
        .subscribe({ topics: [opts.topic], fromBeginning: true })
        .then(() =>
          consumer.run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              for (const m of batch.messages) {
                const key = m.key?.toString() ?? '';
                if (!key.startsWith(prefix)) continue;
                if (m.value === null) checkpoints.delete(key.slice(prefix.length));
                else {
                  const cp = JSON.parse(m.value.toString()) as FileCheckpoint;
                  checkpoints.set(cp.file, cp);
                }
              }
            },
          }),
        )
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    const cleanup = opts.kafka.admin();
    await cleanup
      .connect()
      .then(() => cleanup.deleteGroups([groupId]))
      .catch((err) =>
        opts.logger.debug({ err, groupId }, 'could not delete checkpoint reader group'),
      )
      .finally(() => cleanup.disconnect());
  }
  opts.logger.info({ files: checkpoints.size }, 'checkpoints loaded');
  return checkpoints;
}
