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
import { encodeReadings } from './encode-readings.js';
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

/**
 * One batch of energy.readings.v1 (one partition), as plain steps: decode → compute →
 * encode (a slice at a time) → wait for this partition's earlier INSERTs still running →
 * look up current versions → plan → store in ClickHouse → publish. It resolves only when
 * everything is stored and published; then the consumer loop commits. Any failure throws
 * and the whole batch is retried; the lookup makes the retry write nothing twice. Before
 * the INSERT that the views count it checks the partition is still this instance's, so a
 * batch whose partition moved in a rebalance leaves it to the new owner instead of
 * writing it a second time.
 */
export async function processReadingsBatch(
  messages: readonly ConsumedMessage[],
  deps: BatchDeps,
  control: BatchControl = alwaysOwned,
): Promise<BatchOutcome> {
  const stepMs = { decode: 0, compute: 0, encode: 0, lookup: 0, plan: 0, store: 0, publish: 0 };
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
  const now = Math.floor(Date.now() / 1000);
  const nowIso = new Date(now * 1000).toISOString();

  const encoding = { emissionsTopic: deps.topics.emissions, gwpSet: deps.gwpSet, now, nowIso };
  const encoded = encodeReadings(messages, deps.library, encoding);
  const { rows: batch, rejected } = encoded;
  for (const step of ['decode', 'compute', 'encode'] as const) stepMs[step] += encoded.stepMs[step];
  mark = performance.now();
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
