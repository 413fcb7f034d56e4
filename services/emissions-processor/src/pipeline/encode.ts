import { RowBinaryWriter } from '@carbon-account/clickhouse';
import { type PackedRecords, packRecords } from '@carbon-account/kafka';
import type { ComputedLine } from './compute.js';
import type { StoredLine } from './current-versions.js';
import type { Rejection } from './decode.js';
import { emissionLineRow, emissionMessage, readingRow, replacedRow } from './rows.js';
import { lineOfEmissionLines, readingsTable, replacedOfEmissionLines } from './tables.js';

/**
 * What the later steps need of a computed reading once its rows and its published record
 * are written: its key, delivery and content, and where its rows are in the batch's bytes.
 * A batch keeps these instead of its readings' objects, so a batch of many thousands of
 * readings holds about 1 KB for each (see encode-readings.ts).
 */
export interface EncodedLine {
  orgId: string;
  readingId: string;
  /** Kafka offset and time (ms) of the message. */
  offset: number;
  timestamp: number;
  version: number;
  contentHash: string;
  tco2eLocation: number;
  /** Its readings row is readingRows[readingRowStart, readingRowEnd). */
  readingRowStart: number;
  readingRowEnd: number;
  /** Its emission_lines row, as if it replaced nothing, is lineRows[lineRowStart, lineRowEnd). */
  lineRowStart: number;
  lineRowEnd: number;
}

/** A batch being encoded: its lines so far, the writers of their rows, their records. */
export interface EncodedBatch {
  lines: EncodedLine[];
  readingRows: RowBinaryWriter;
  lineRows: RowBinaryWriter;
  /** Every line's record, published re-deliveries too. */
  published: PackedRecords[];
}

/** A batch's computed readings, their ClickHouse rows and their carbon.emissions.v1 records. */
export interface EncodedRows {
  lines: EncodedLine[];
  readingRows: Uint8Array;
  lineRows: Uint8Array;
  published: PackedRecords[];
}

export function finishedRows(batch: EncodedBatch): EncodedRows {
  return {
    lines: batch.lines,
    readingRows: batch.readingRows.bytes(),
    lineRows: batch.lineRows.bytes(),
    published: batch.published,
  };
}

/** About what one reading's rows take, to size a batch's buffers once. */
const READING_ROW_BYTES = 200;
const LINE_ROW_BYTES = 360;

/** The end of an emission_lines row that replaces nothing (a new reading): all zero. */
const nothingReplaced = (() => {
  const w = new RowBinaryWriter(64);
  replacedOfEmissionLines.encode(w, replacedRow());
  return Buffer.from(w.bytes());
})();

export function encodedBatch(messages: number): EncodedBatch {
  return {
    lines: [],
    readingRows: new RowBinaryWriter(messages * READING_ROW_BYTES),
    lineRows: new RowBinaryWriter(messages * LINE_ROW_BYTES),
    published: [],
  };
}

export interface EncodingContext {
  emissionsTopic: string;
  gwpSet: 'AR5' | 'AR6';
  /** Unix seconds and ISO text of the batch's processing time (ingested_at, computed_at). */
  now: number;
  nowIso: string;
}

// A column a reading's own value goes into, by the contract's name for it.
const fieldOfColumn: Record<string, string> = {
  period_start: 'periodStart',
  period_end: 'periodEnd',
  quantity: 'quantity',
  green_kwh: 'greenElectricityKWh',
};

/**
 * Step 3: writes each line's readings row and emission_lines row (as if it replaced
 * nothing, the usual case) and its record for carbon.emissions.v1. A value ClickHouse
 * cannot hold (a period before 1970 or after 2106, for a DateTime) refuses that reading,
 * naming the field, instead of failing the whole batch again and again.
 */
export function encodeLines(
  lines: readonly ComputedLine[],
  into: EncodedBatch,
  ctx: EncodingContext,
): Rejection[] {
  const rejected: Rejection[] = [];
  const records: { key: string; value: string }[] = [];
  for (const line of lines) {
    const { orgId, readingId } = line.reading;
    const readingRowStart = into.readingRows.length;
    const lineRowStart = into.lineRows.length;
    try {
      readingsTable.encode(into.readingRows, readingRow(line, ctx.now));
      lineOfEmissionLines.encode(into.lineRows, emissionLineRow(line, ctx.gwpSet, ctx.now));
      into.lineRows.raw(nothingReplaced);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      into.readingRows.truncate(readingRowStart);
      into.lineRows.truncate(lineRowStart);
      const column = /^\w+\.(\w+):/.exec(err.message)?.[1] ?? '';
      rejected.push({
        message: line.message,
        reason: 'cannot be stored',
        errors: [{ path: fieldOfColumn[column] ?? '(reading)', message: err.message }],
        orgId,
        readingId,
      });
      continue;
    }
    into.lines.push({
      orgId,
      readingId,
      offset: Number(line.message.offset),
      timestamp: Number(line.message.timestamp),
      version: line.version,
      contentHash: line.contentHash,
      tco2eLocation: line.emission.tco2eLocation,
      readingRowStart,
      readingRowEnd: into.readingRows.length,
      lineRowStart,
      lineRowEnd: into.lineRows.length,
    });
    records.push({
      key: orgId,
      value: JSON.stringify(emissionMessage(line, ctx.gwpSet, ctx.nowIso)),
    });
  }
  if (records.length > 0) into.published.push(packRecords(ctx.emissionsTopic, records));
  return rejected;
}

type ToStore = readonly { line: EncodedLine; previous?: StoredLine }[];

/** The readings rows of the lines to store, as one INSERT's body. */
export function readingsBody(batch: EncodedRows, toStore: ToStore): Uint8Array {
  const all = batch.readingRows;
  // Every line stored once (the usual batch): its rows are already the body.
  if (toStore.length === batch.lines.length) return all;
  const body = new RowBinaryWriter(toStore.length * READING_ROW_BYTES);
  for (const { line } of toStore) body.raw(all.subarray(line.readingRowStart, line.readingRowEnd));
  return body.bytes();
}

/** The emission_lines rows of the lines to store, each with what it replaces, as one body. */
export function emissionLinesBody(batch: EncodedRows, toStore: ToStore): Uint8Array {
  const all = batch.lineRows;
  if (toStore.length === batch.lines.length && toStore.every((s) => !s.previous)) return all;
  const body = new RowBinaryWriter(all.length + toStore.length * 32);
  for (const { line, previous } of toStore) {
    if (!previous) {
      body.raw(all.subarray(line.lineRowStart, line.lineRowEnd));
      continue;
    }
    body.raw(all.subarray(line.lineRowStart, line.lineRowEnd - nothingReplaced.length));
    replacedOfEmissionLines.encode(body, replacedRow(previous));
  }
  return body.bytes();
}
