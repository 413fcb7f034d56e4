import { createFactorLibrary } from '@carbon-account/accounting';
import { readRowBinary } from '@carbon-account/clickhouse';
import type { ConsumedMessage } from '@carbon-account/kafka';
import { rejectedKafkaRow as rejectedRow } from '@carbon-account/schemas';
import { describe, expect, it } from 'vitest';
import { computeBatch } from './compute.js';
import { decodeBatch } from './decode.js';
import { emissionLinesBody, encodedBatch, encodeLines, finishedRows } from './encode.js';
import { planWrites } from './plan.js';
import { correctionRow } from './rows.js';
import { emissionLinesTable } from './tables.js';
import { message, reading } from './test-messages.js';

const T = 1_750_000_000_000;

/** The batch's lines once computed and encoded, as the processor keeps them. */
function encoded(messages: ConsumedMessage[]) {
  const { lines } = computeBatch(decodeBatch(messages).decoded, createFactorLibrary());
  const batch = encodedBatch(lines.length);
  encodeLines(lines, batch, { emissionsTopic: 't', gwpSet: 'AR6', now: 0, nowIso: '' });
  return { lines, batch };
}

describe('rows', () => {
  it('gives a refusal and a correction the same row (and table partition) on every retry', () => {
    const messages = [
      message('not json', { offset: 1, timestamp: T }),
      message(reading(), { offset: 2, timestamp: T }),
      message(reading({ quantity: 5 }), { offset: 3, timestamp: T + 5000 }),
    ];
    const decoded = decodeBatch(messages);
    const rejected = decoded.rejected[0];
    if (!rejected) throw new Error('expected a refusal');
    expect(rejectedRow(rejected)).toEqual(rejectedRow({ ...rejected }));
    expect(rejectedRow(rejected).rejected_at).toBe(T / 1000);

    const { batch } = encoded(messages.slice(1));
    const [correction] = planWrites(batch.lines, new Map()).corrections;
    if (!correction) throw new Error('expected a correction');
    expect(correctionRow(correction).corrected_at).toBe((T + 5000) / 1000);
  });

  it('carries the replaced figures in prev_* so the views take them out', () => {
    const { lines, batch } = encoded([message(reading(), { offset: 1 })]);
    const line = batch.lines[0];
    if (!line) throw new Error('expected a line');
    const previous = {
      contentHash: 'h',
      version: 7,
      scope: 2,
      type: 'electricity',
      periodStart: 1,
      tco2eLocation: 3,
      tco2eMarket: 2,
      tce: 1,
      activity: 4,
    };
    const { row } = readRowBinary(
      emissionLinesTable,
      emissionLinesBody(finishedRows(batch), [{ line, previous }]),
    );
    expect(row).toMatchObject({
      reading_id: line.readingId,
      tco2e_location: lines[0]?.emission.tco2eLocation,
      prev_version: 7,
      prev_type: 'electricity',
      prev_period_start: 1,
      prev_tco2e_location: 3,
      prev_tco2e_market: 2,
      prev_tce: 1,
      prev_activity: 4,
    });
    const fresh = readRowBinary(
      emissionLinesTable,
      emissionLinesBody(finishedRows(batch), [{ line }]),
    ).row;
    expect(fresh).toMatchObject({ prev_version: 0, prev_type: '', prev_tco2e_location: 0 });
  });
});
