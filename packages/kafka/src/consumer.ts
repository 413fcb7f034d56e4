import type { Consumer, Kafka, PartitionAssigner } from 'kafkajs';
import type { Logger } from 'pino';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  timestamp: string;
}

export interface BatchContext {
  topic: string;
  partition: number;
}

/**
 * Passed to `handleBatch` so a long batch can keep its membership and learn that it lost
 * it: `heartbeat` throws when the group is rebalancing or has dropped this member, and the
 * batch must then stop writing (its partition may already be with another instance).
 */
export interface BatchControl {
  heartbeat(): Promise<void>;
  stillAssigned(): boolean;
  /** Messages of this partition already in Kafka after this batch: > 0 means a backlog. */
  behind: number;
}

/** Errors that mean "this member no longer owns its partitions": rejoin, do not retry. */
export function isMembershipLost(err: unknown): boolean {
  const type = (err as { type?: unknown } | null)?.type;
  return (
    type === 'REBALANCE_IN_PROGRESS' ||
    type === 'NOT_COORDINATOR_FOR_GROUP' ||
    type === 'ILLEGAL_GENERATION' ||
    type === 'UNKNOWN_MEMBER_ID' ||
    err instanceof PartitionLostError
  );
}

/** Thrown by a handler that noticed its partition was taken away mid-batch. */
export class PartitionLostError extends Error {
  constructor(ctx: BatchContext) {
    super(`partition ${ctx.topic}[${ctx.partition}] was reassigned during the batch`);
    this.name = 'PartitionLostError';
  }
}

export interface BatchConsumerOptions<Prepared = undefined> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: Logger;
  /**
   * Work on a batch that changes nothing outside the process (decoding, computing), done as
   * soon as it is fetched, before it waits for its partition's previous batch; what it
   * returns goes to `handleBatch`, every attempt of it.
   */
  prepareBatch?: (messages: ConsumedMessage[], ctx: BatchContext) => Prepared;
  /**
   * Processes one batch of one partition. It must route bad messages itself (dead letters)
   * and throw only when the batch could not be stored; then the same batch is retried and
   * nothing is committed.
   */
  handleBatch: (
    messages: ConsumedMessage[],
    ctx: BatchContext,
    control: BatchControl,
    prepared: Prepared,
  ) => Promise<void>;
  /**
   * How many batches may still be stored while kafkajs fetches the next ones (0, the
   * default: none). kafkajs fetches a round of batches for all partitions of a broker and
   * fetches again only when every batch of the round is done, so the round trips of a
   * batch's store (lookups, INSERTs, produce requests) otherwise overlap nothing of the next
   * round. A partition's batches are still stored and committed one after the other.
   */
  storeBehind?: number;
  fromBeginning?: boolean;
  /** Bounds one fetch, and so one batch, per partition. */
  maxBytesPerPartition?: number;
  partitionsConsumedConcurrently?: number;
  /** How long the group waits for a silent member before giving its partitions away. */
  sessionTimeoutMs?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Called after each committed batch with the messages still behind on that partition. */
  onLag?: (ctx: BatchContext, lag: number) => void;
  /** Called every time a batch failed and will be retried. */
  onRetry?: (ctx: BatchContext, err: unknown, attempt: number) => void;
  /** How partitions are spread over the group's members (kafkajs round robin when absent). */
  partitionAssigners?: PartitionAssigner[];
  /**
   * Called when kafkajs stops the consumer for good (a non-retriable error). Default: exit
   * the process with 1, so its supervisor starts a fresh member.
   */
  onGaveUp?: (err: unknown) => void;
}

export interface RunningConsumer {
  readonly consumer: Consumer;
  /**
   * Partitions of `topic` this member was given at its last join; empty while the group
   * rebalances and after the consumer stopped.
   */
  assignedPartitions(topic: string): readonly number[];
  /** How many times this member has joined the group, so been given its partitions. */
  joins(): number;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one Kafka consumer loop of the project: at-least-once. A batch's offsets are
 * committed only after `handleBatch` resolved, so a crash at any point redelivers what
 * was not stored; stores are idempotent, so redelivery never counts twice. A failing
 * batch is retried with exponential backoff (the partition waits, heartbeats continue),
 * until it succeeds or the partition is taken away by a rebalance; then the error goes
 * to kafkajs, which rejoins the group, and the new owner gets the uncommitted messages.
 */
export async function runBatchConsumer<Prepared = undefined>(
  opts: BatchConsumerOptions<Prepared>,
): Promise<RunningConsumer> {
  const consumer = opts.kafka.consumer({
    groupId: opts.groupId,
    maxBytesPerPartition: opts.maxBytesPerPartition ?? 1_048_576,
    maxBytes: (opts.maxBytesPerPartition ?? 1_048_576) * 4,
    sessionTimeout: opts.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.min(3_000, Math.floor((opts.sessionTimeoutMs ?? 30_000) / 3)),
    // A consumer that lost its membership (e.g. after a long pause) rejoins instead of
    // stopping for good; uncommitted work is redelivered, stores are idempotent.
    retry: { retries: 10, restartOnFailure: async () => true },
    ...(opts.partitionAssigners ? { partitionAssigners: opts.partitionAssigners } : {}),
  });
  // kafkajs gives up for good on errors it deems non-retriable (e.g. "the coordinator is not
  // aware of this member" after a long stall), leaving a live process that consumes nothing.
  // Ending it lets a supervisor start a fresh member; uncommitted batches are redelivered.
  consumer.on(consumer.events.CRASH, (event) => {
    if (event.payload.restart) {
      // kafkajs says only "Restarting the consumer"; this says why.
      opts.logger.warn(
        { err: event.payload.error, groupId: opts.groupId },
        'Kafka consumer failed and restarts by itself; uncommitted batches are fetched again',
      );
      return;
    }
    opts.logger.fatal(
      { err: event.payload.error, groupId: opts.groupId },
      'Kafka consumer stopped for good; exiting so that the supervisor restarts this process',
    );
    (opts.onGaveUp ?? (() => process.exit(1)))(event.payload.error);
  });
  let assignment: Partial<Record<string, number[]>> = {};
  let joins = 0;
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    assignment = event.payload.memberAssignment;
    joins++;
  });
  for (const gone of [
    consumer.events.REBALANCING,
    consumer.events.STOP,
    consumer.events.DISCONNECT,
    consumer.events.CRASH,
  ]) {
    consumer.on(gone, () => {
      assignment = {};
    });
  }
  await consumer.connect();
  await consumer.subscribe({ topics: opts.topics, fromBeginning: opts.fromBeginning ?? true });
  const initial = opts.retryInitialMs ?? 200;
  const max = opts.retryMaxMs ?? 10_000;
  const storeBehind = opts.storeBehind ?? 0;
  /**
   * Per topic and partition: its last batch stored behind, settled once stored and
   * committed or given up.
   */
  const lastOfPartition = new Map<string, Promise<void>>();
  /** Batches being stored after their eachBatch call returned. */
  const behind = new Set<Promise<void>>();

  /**
   * Stores a batch (retrying with backoff while the partition is this member's) and commits
   * its offsets. Resolves without committing when the partition is no longer this member's;
   * throws a membership error when the batch learnt it mid-way.
   */
  async function storeAndCommit(
    messages: ConsumedMessage[],
    ctx: BatchContext,
    control: BatchControl,
    prepared: Prepared,
    last: string,
    kafkaBatch: { resolveOffset: (offset: string) => void; offsetLag: () => string },
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (!control.stillAssigned()) return;
      try {
        await opts.handleBatch(messages, ctx, control, prepared);
        break;
      } catch (err) {
        if (isMembershipLost(err)) {
          opts.logger.warn(
            { err: (err as Error).message, ...ctx, messages: messages.length },
            'partition taken away mid-batch; rejoining, its new owner redoes the batch',
          );
          throw err;
        }
        opts.onRetry?.(ctx, err, attempt);
        const wait = Math.min(max, initial * 2 ** (attempt - 1));
        opts.logger.warn(
          { err, ...ctx, attempt, retryInMs: wait, messages: messages.length },
          'batch not stored; it will be retried and nothing is committed until it is',
        );
        // Heartbeat while waiting, so a long outage does not cost the partitions.
        for (let waited = 0; waited < wait && control.stillAssigned(); waited += 1_000) {
          await sleep(Math.min(1_000, wait - waited));
          await control.heartbeat().catch((hbErr: unknown) => {
            // Broker unreachable: keep waiting. Membership lost: give the partition up.
            if (isMembershipLost(hbErr)) throw hbErr;
          });
        }
      }
    }
    kafkaBatch.resolveOffset(last);
    await consumer.commitOffsets([{ ...ctx, offset: (BigInt(last) + 1n).toString() }]);
    await control.heartbeat();
    opts.onLag?.(ctx, Number(kafkaBatch.offsetLag()));
  }

  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 1,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      if (batch.messages.length === 0) return;
      const ctx = { topic: batch.topic, partition: batch.partition };
      const messages: ConsumedMessage[] = batch.messages.map((m) => ({
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key ? m.key.toString() : null,
        value: m.value,
        timestamp: m.timestamp,
      }));
      const joinedAt = joins;
      const control: BatchControl = {
        heartbeat,
        // kafkajs's isStale knows only seeks; a batch stored behind outlives this call,
        // and after a rejoin its partition may be another member's.
        stillAssigned: () => isRunning() && !isStale() && joins === joinedAt,
        behind: Number(batch.offsetLag()),
      };
      const prepared = opts.prepareBatch
        ? opts.prepareBatch(messages, ctx)
        : (undefined as Prepared);
      const partitionKey = `${ctx.topic}|${ctx.partition}`;
      await lastOfPartition.get(partitionKey);
      const last = messages[messages.length - 1]?.offset ?? batch.lastOffset();
      const stored = storeAndCommit(messages, ctx, control, prepared, last, {
        resolveOffset,
        offsetLag: () => batch.offsetLag(),
      });
      // kafkajs hands a partition's next batch only once this call returned.
      if (storeBehind === 0) return stored;
      // kafkajs may fetch this partition's next batch now. A batch is given up only when
      // its partition was taken by a rebalance or the consumer stops, and the rejoin
      // starts every partition again from its last commit; a batch stored whose commit
      // failed is covered by the next batch's commit, which includes its offsets.
      resolveOffset(last);
      const settled = stored.catch((err: unknown) => {
        opts.logger.warn(
          { err: (err as Error).message, ...ctx, messages: messages.length },
          'a batch stored behind ended without its commit; its messages are fetched again from the last commit unless a later commit covers them',
        );
      });
      lastOfPartition.set(partitionKey, settled);
      behind.add(settled);
      void settled.finally(() => behind.delete(settled));
      while (behind.size > storeBehind) await Promise.race(behind);
    },
  });
  return {
    consumer,
    assignedPartitions: (topic) => assignment[topic] ?? [],
    joins: () => joins,
    stop: async () => {
      // Batches stored behind finish (or, no longer assigned, give up) before the
      // connections close.
      await consumer.stop();
      await Promise.all(behind);
      await consumer.disconnect();
    },
  };
}
