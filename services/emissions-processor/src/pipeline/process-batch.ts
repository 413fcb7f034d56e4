import type { FactorLibrary, GwpSet } from '@carbon-account/accounting';
import { type ClickHouse, insertInChunks } from '@carbon-account/clickhouse';
import type { ConsumedMessage, DurableProducer, TopicNames } from '@carbon-account/kafka';
import { computeBatch } from './compute.js';
import { currentVersions } from './current-versions.js';
import { decodeBatch } from './decode.js';
import { planWrites } from './plan.js';
import {
  correctionRow,
  emissionLineRow,
  emissionMessage,
  readingRow,
  rejectedMessage,
  rejectedRow,
} from './rows.js';

export interface BatchDeps {
  ch: ClickHouse;
  producer: DurableProducer;
  topics: TopicNames;
  library: FactorLibrary;
  gwpSet: GwpSet;
}

export interface BatchOutcome {
  messages: number;
  stored: number;
  duplicates: number;
  stale: number;
  corrections: number;
  rejected: { reason: string }[];
}

/**
 * One batch of energy.readings.v1, as plain steps: decode → compute → look up current
 * versions → plan → store in ClickHouse → publish. It resolves only when everything is
 * stored and published; then the consumer loop commits. Any failure throws and the whole
 * batch is retried; the lookup makes the retry write nothing twice.
 */
export async function processReadingsBatch(
  messages: readonly ConsumedMessage[],
  deps: BatchDeps,
): Promise<BatchOutcome> {
  const { decoded, rejected: invalid } = decodeBatch(messages);
  const { lines, rejected: uncomputable } = computeBatch(decoded, deps.library);
  const rejected = [...invalid, ...uncomputable];
  const stored = await currentVersions(
    deps.ch,
    lines.map((l) => ({ orgId: l.reading.orgId, readingId: l.reading.readingId })),
  );
  const plan = planWrites(lines, stored);

  const now = Math.floor(Date.now() / 1000);
  const nowIso = new Date(now * 1000).toISOString();
  await insertInChunks(
    deps.ch,
    'rejected_readings',
    rejected.map((r) => rejectedRow(r, now)),
  );
  await insertInChunks(
    deps.ch,
    'readings',
    plan.toStore.map(({ line }) => readingRow(line, now)),
  );
  await insertInChunks(
    deps.ch,
    'reading_corrections',
    plan.corrections.map((c) => correctionRow(c, now)),
  );
  // Last: these rows are what the next lookup sees, so a failure before here redoes all.
  await insertInChunks(
    deps.ch,
    'emission_lines',
    plan.toStore.map(({ line, previous }) => emissionLineRow(line, deps.gwpSet, now, previous)),
  );

  // Every valid line is published, re-deliveries too: a crash after the inserts above
  // and before this send must still tell the account processor. Consumers are idempotent.
  await deps.producer.send([
    ...lines.map((line) => ({
      topic: deps.topics.emissions,
      key: line.reading.orgId,
      value: JSON.stringify(emissionMessage(line, deps.gwpSet, nowIso)),
    })),
    ...rejected.map((r) => ({
      topic: deps.topics.rejected,
      key: r.orgId ?? `${r.message.topic}:${r.message.partition}:${r.message.offset}`,
      value: JSON.stringify(rejectedMessage(r, nowIso)),
    })),
  ]);
  return {
    messages: messages.length,
    stored: plan.toStore.length,
    duplicates: plan.duplicates,
    stale: plan.stale,
    corrections: plan.corrections.length,
    rejected: rejected.map((r) => ({ reason: r.reason })),
  };
}
