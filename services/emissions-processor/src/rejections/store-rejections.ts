import { type ClickHouse, insertInChunks } from '@carbon-account/clickhouse';
import type { ConsumedMessage } from '@carbon-account/kafka';
import { fieldErrors, MAX_RAW_CHARS, rejectedReadingV1 } from '@carbon-account/schemas';
import { z } from 'zod';

/**
 * The rejected topic's contract with the source left open: producers add kinds (an
 * `ingest-api` kind is coming) and a refusal of a kind this build does not know must still
 * reach the table, its source kept as published.
 */
const publishedRejection = rejectedReadingV1.extend({
  source: z.looseObject({ kind: z.string().min(1) }),
});

const kafkaSeconds = (m: ConsumedMessage) => Math.floor(Number(m.timestamp) / 1000);

/**
 * The row of one message of energy.readings.rejected.v1, or undefined for the ones this
 * processor published itself (it stored those when it refused them). Keyed by the
 * message's position on the rejected topic; rejected_at comes from the message, so a
 * re-delivery is the same row. A message that is not a rejection is stored too, as one.
 */
export function publishedRejectionRow(message: ConsumedMessage, readingsTopic: string) {
  const text = message.value?.toString('utf8') ?? '';
  const position = {
    kafka_topic: message.topic,
    kafka_partition: message.partition,
    kafka_offset: Number(message.offset),
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return unreadable(message, text, position, [
      { path: '(message)', message: (err as Error).message },
    ]);
  }
  const parsed = publishedRejection.safeParse(json);
  if (!parsed.success) return unreadable(message, text, position, fieldErrors(parsed.error));
  const r = parsed.data;
  if (r.source.kind === 'kafka' && r.source.topic === readingsTopic) return undefined;
  const at = Date.parse(r.rejectedAt);
  return {
    org_id: r.orgId ?? '',
    reading_id: r.readingId ?? '',
    source: r.source.kind,
    source_file: typeof r.source.file === 'string' ? r.source.file : '',
    source_line: typeof r.source.line === 'number' && r.source.line >= 0 ? r.source.line : 0,
    source_detail: JSON.stringify(r.source),
    reason: r.reason,
    errors: JSON.stringify(r.errors),
    raw: r.raw.slice(0, MAX_RAW_CHARS),
    ...position,
    rejected_at: Number.isNaN(at) ? kafkaSeconds(message) : Math.floor(at / 1000),
  };
}

function unreadable(
  message: ConsumedMessage,
  text: string,
  position: { kafka_topic: string; kafka_partition: number; kafka_offset: number },
  errors: { path: string; message: string }[],
) {
  return {
    org_id: '',
    reading_id: '',
    source: 'unknown',
    source_file: '',
    source_line: 0,
    source_detail: '',
    reason: 'message on the rejected topic does not match energy.readings.rejected.v1',
    errors: JSON.stringify(errors),
    raw: text.slice(0, MAX_RAW_CHARS),
    ...position,
    rejected_at: kafkaSeconds(message),
  };
}

export type PublishedRejectionRow = NonNullable<ReturnType<typeof publishedRejectionRow>>;

/** One batch of the rejected topic into rejected_readings; returns the rows stored by source kind. */
export async function storePublishedRejections(
  messages: readonly ConsumedMessage[],
  deps: { ch: ClickHouse; readingsTopic: string },
): Promise<PublishedRejectionRow[]> {
  const rows: PublishedRejectionRow[] = [];
  for (const m of messages) {
    const row = publishedRejectionRow(m, deps.readingsTopic);
    if (row) rows.push(row);
  }
  await insertInChunks(deps.ch, 'rejected_readings', rows);
  return rows;
}
