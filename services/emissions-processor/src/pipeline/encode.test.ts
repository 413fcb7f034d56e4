import { createFactorLibrary } from '@carbon-account/accounting';
import {
  type Columns,
  type RowBinaryTable,
  type RowOf,
  readRowBinary,
} from '@carbon-account/clickhouse';
import { unpackRecords } from '@carbon-account/kafka';
import { describe, expect, it } from 'vitest';
import { computeBatch } from './compute.js';
import { decodeBatch } from './decode.js';
import {
  type EncodedBatch,
  type EncodedLine,
  emissionLinesBody,
  encodedBatch,
  encodeLines,
  finishedRows,
  readingsBody,
} from './encode.js';
import { emissionLineRow, emissionMessage, readingRow, replacedRow } from './rows.js';
import { emissionLinesTable, readingsTable } from './tables.js';
import { message, reading } from './test-messages.js';

const ctx = {
  emissionsTopic: 'carbon.emissions.v1',
  gwpSet: 'AR6' as const,
  now: 1_764_000_000,
  nowIso: '2025-11-24T16:00:00.000Z',
};

function computed(...readings: ReturnType<typeof reading>[]) {
  const messages = readings.map((r, i) => message(r, { offset: 100 + i }));
  return computeBatch(decodeBatch(messages).decoded, createFactorLibrary()).lines;
}

/** Every row of a body, read back. */
function rowsOf<C extends Columns>(table: RowBinaryTable<C>, body: Uint8Array) {
  const rows: RowOf<C>[] = [];
  for (let at = 0; at < body.length; ) {
    const read = readRowBinary(table, body, at);
    rows.push(read.row);
    at = read.end;
  }
  return rows;
}

/** The reading ids in each of the two bodies built for `toStore`. */
function idsInBodies(batch: EncodedBatch, toStore: { line: EncodedLine }[]) {
  const rows = finishedRows(batch);
  return {
    readings: rowsOf(readingsTable, readingsBody(rows, toStore)).map((r) => r.reading_id),
    lines: rowsOf(emissionLinesTable, emissionLinesBody(rows, toStore)).map((r) => r.reading_id),
  };
}

describe('encodeLines', () => {
  const lines = computed(
    reading({ readingId: 'a' }),
    reading({ readingId: 'b', type: 'diesel', unit: 't', quantity: 2.5 }),
    reading({ readingId: 'c', type: 'steam', unit: 'GJ', quantity: 30 }),
  );

  it('writes the rows the tables declare, and a record for carbon.emissions.v1, for each line', () => {
    const batch = encodedBatch(lines.length);
    expect(encodeLines(lines, batch, ctx)).toEqual([]);
    const toStore = batch.lines.map((line) => ({ line }));
    expect(rowsOf(readingsTable, readingsBody(finishedRows(batch), toStore))).toEqual(
      lines.map((l) => readingRow(l, ctx.now)),
    );
    expect(rowsOf(emissionLinesTable, emissionLinesBody(finishedRows(batch), toStore))).toEqual(
      lines.map((l) => ({ ...emissionLineRow(l, ctx.gwpSet, ctx.now), ...replacedRow() })),
    );
    const records = batch.published.flatMap((p) => unpackRecords(p));
    expect(records.map((r) => [r.topic, r.key, JSON.parse(r.value.toString())])).toEqual(
      lines.map((l) => [
        ctx.emissionsTopic,
        l.reading.orgId,
        JSON.parse(JSON.stringify(emissionMessage(l, ctx.gwpSet, ctx.nowIso))),
      ]),
    );
    expect(batch.lines.map((l) => [l.readingId, l.offset, l.version])).toEqual(
      lines.map((l) => [l.reading.readingId, Number(l.message.offset), l.version]),
    );
  });

  it('gives the bodies only the lines to store, in the order given', () => {
    const batch = encodedBatch(lines.length);
    encodeLines(lines, batch, ctx);
    const [a, b, c] = batch.lines;
    if (!a || !b || !c) throw new Error('expected three lines');
    expect(idsInBodies(batch, [{ line: c }, { line: a }])).toEqual({
      readings: ['c', 'a'],
      lines: ['c', 'a'],
    });
  });

  it('refuses a reading ClickHouse cannot date (before 1970), naming the field, and keeps the others', () => {
    const early = computed(
      reading({
        readingId: 'before',
        periodStart: '1969-12-31T22:00:00+08:00',
        periodEnd: '1969-12-31T23:00:00+08:00',
      }),
      reading({
        readingId: 'old',
        periodStart: '1969-12-31T23:00:00+08:00',
        periodEnd: '1970-01-01T09:00:00+08:00',
      }),
    );
    expect(early).toHaveLength(2);
    const batch = encodedBatch(4);
    const refused = encodeLines(
      [lines[0], ...early, lines[1]].filter((l) => !!l),
      batch,
      ctx,
    );
    expect(refused.map((r) => [r.readingId, r.reason, r.errors[0]?.path])).toEqual([
      ['before', 'cannot be stored', 'periodStart'],
      ['old', 'cannot be stored', 'periodStart'],
    ]);
    expect(refused[0]?.errors[0]?.message).toMatch(/readings\.period_start: -\d+ is not a UInt32/);
    expect(
      idsInBodies(
        batch,
        batch.lines.map((line) => ({ line })),
      ),
    ).toEqual({
      readings: ['a', 'b'],
      lines: ['a', 'b'],
    });
    expect(batch.published.flatMap((p) => unpackRecords(p))).toHaveLength(2);
  });
});
