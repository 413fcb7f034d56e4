import { randomUUID } from 'node:crypto';
import type { FactorLibrary, GwpSet } from '@carbon-account/accounting';
import { type ClickHouse, insertInChunks } from '@carbon-account/clickhouse';
import {
  type BatchControl,
  type ConsumedMessage,
  type DurableProducer,
  PartitionLostError,
  type TopicNames,
  unpackRecords,
} from '@carbon-account/kafka';
import { refusalKey, rejectedKafkaMessage, rejectedKafkaRow } from '@carbon-account/schemas';
import { currentVersions } from './current-versions.js';
import { emissionLinesBody, readingsBody } from './encode.js';
import { type EncodedReadings, encodeReadings } from './encode-readings.js';
import { partitionWriteTag, waitForWritesInFlight } from './in-flight.js';
import { planWrites } from './plan.js';
import { correctionRow } from './rows.js';
import { storedColumnsMatch } from './stored-columns.js';
import { emissionLinesTable, readingsTable } from './tables.js';

export interface BatchDeps {
  ch: ClickHouse;
  producer: DurableProducer;
  topics: TopicNames;
  library: FactorLibrary;
  gwpSet: GwpSet;
}

export type BatchStep = 'decode' | 'compute' | 'encode' | 'lookup' | 'plan' | 'store' | 'publish';

export interface BatchOutcome {
  messages: number;
  stored: number;
  duplicates: number;
  stale: number;
  corrections: number;
  rejected: { reason: string }[];
  /** Milliseconds spent in each step, so an operator sees where a batch's time goes. */
  stepMs: Record<BatchStep, number>;
}

/** Membership of the batch's partition; without one (tests, tools) it is always owned. */
const alwaysOwned: BatchControl = {
  heartbeat: async () => undefined,
  stillAssigned: () => true,
  behind: 0,
};

/** A batch after steps 1-3, as every attempt to store it takes it. */
export interface PreparedBatch {
  messages: readonly ConsumedMessage[];
  encoded: EncodedReadings;
  /** Unix seconds and ISO text of its processing time (ingested_at, computed_at, refusals). */
  now: number;
  nowIso: string;
}

/**
 * Steps 1-3 of a batch of energy.readings.v1 (one partition): decode → compute → encode,
 * a slice at a time. They change nothing outside the process, so the consumer loop runs
 * them as soon as the batch is fetched, while the partition's previous batch may still be
 * being stored.
 */
export function prepareReadingsBatch(
  messages: readonly ConsumedMessage[],
  deps: Pick<BatchDeps, 'topics' | 'library' | 'gwpSet'>,
): PreparedBatch {
  const now = Math.floor(Date.now() / 1000);
  const nowIso = new Date(now * 1000).toISOString();
  const encoding = { emissionsTopic: deps.topics.emissions, gwpSet: deps.gwpSet, now, nowIso };
  return { messages, encoded: encodeReadings(messages, deps.library, encoding), now, nowIso };
}

/**
 * Steps 4-8 of a prepared batch: wait for this partition's earlier INSERTs still running →
 * look up current versions → plan → store in ClickHouse → publish. It resolves only when
 * everything is stored and published; then the consumer loop commits. Any failure throws
 * and the batch is tried again; the lookup makes the retry write nothing twice. Before the
 * INSERT that the views count it checks the partition is still this instance's, so a batch
 * whose partition moved in a rebalance leaves it to the new owner instead of writing it a
 * second time.
 */
export async function storeReadingsBatch(
  prepared: PreparedBatch,
  deps: BatchDeps,
  control: BatchControl = alwaysOwned,
): Promise<BatchOutcome> {
  const { messages, encoded, nowIso } = prepared;
  const stepMs = { ...encoded.stepMs, lookup: 0, plan: 0, store: 0, publish: 0 };
  let mark = performance.now();
  const lap = (step: BatchStep) => {
    const now = performance.now();
    stepMs[step] += now - mark;
    mark = now;
  };
  const first = messages[0];
  if (!first) return { ...emptyOutcome(), stepMs };
  await storedColumnsMatch(deps.ch);
  const ctx = { topic: first.topic, partition: first.partition };
  const tag = partitionWriteTag(deps.ch.database, first.topic, first.partition);
  const queryIdPrefix = `${tag}${randomUUID()}:`;
  const { rows: batch, rejected } = encoded;
  await waitForWritesInFlight(deps.ch, tag);
  const stored = await currentVersions(deps.ch, batch.lines);
  lap('lookup');
  const plan = planWrites(batch.lines, stored);
  lap('plan');

  const insertJson = (table: string, rows: object[]) =>
    insertInChunks(deps.ch, table, rows, 50_000, { queryIdPrefix });
  // Independent of each other and idempotent (a retry rewrites the same rows), so they
  // run at once: the batch waits for the slowest, not the sum.
  await Promise.all([
    insertJson(
      'rejected_readings',
      rejected.map((r) => rejectedKafkaRow(r)),
    ),
    deps.ch.insertRowBinary(readingsTable, readingsBody(batch, plan.toStore), {
      queryId: `${queryIdPrefix}readings`,
    }),
    insertJson(
      'reading_corrections',
      plan.corrections.map((c) => correctionRow(c)),
    ),
  ]);
  // Last: these rows are what the next lookup sees and what the views count, so a failure
  // before here redoes all, and a partition that moved must not get them from us too.
  await control.heartbeat();
  if (!control.stillAssigned()) throw new PartitionLostError(ctx);
  await deps.ch.insertRowBinary(emissionLinesTable, emissionLinesBody(batch, plan.toStore), {
    queryId: `${queryIdPrefix}emission_lines`,
  });
  lap('store');

  // Every valid line is published, re-deliveries too: a crash after the inserts above
  // and before this send must still tell the account processor. Consumers are idempotent.
  // Packed, so the producer copies each record instead of encoding it again.
  await deps.producer.send([
    ...batch.published.flatMap((records) => unpackRecords(records)),
    ...rejected.map((r) => ({
      topic: deps.topics.rejected,
      key: refusalKey(r),
      value: JSON.stringify(rejectedKafkaMessage(r, nowIso)),
    })),
  ]);
  lap('publish');
  return {
    messages: messages.length,
    stored: plan.toStore.length,
    duplicates: plan.duplicates,
    stale: plan.stale,
    corrections: plan.corrections.length,
    rejected: rejected.map((r) => ({ reason: r.reason })),
    stepMs,
  };
}

function emptyOutcome(): Omit<BatchOutcome, 'stepMs'> {
  return { messages: 0, stored: 0, duplicates: 0, stale: 0, corrections: 0, rejected: [] };
}
