import type { FactorLibrary } from '@carbon-account/accounting';
import type { ConsumedMessage } from '@carbon-account/kafka';
import { computeBatch } from './compute.js';
import { decodeBatch, type Rejection } from './decode.js';
import {
  type EncodedRows,
  type EncodingContext,
  encodedBatch,
  encodeLines,
  finishedRows,
} from './encode.js';

/**
 * Messages decoded, computed and encoded at a time. A batch keeps only their rows and
 * records (about 1 KB a reading, see encode.ts), so its size is bounded by the fetch, and
 * a slice's objects are young garbage by the time the next is made.
 */
const SLICE = 1000;

export interface EncodedReadings {
  rows: EncodedRows;
  /** What could not be decoded, computed or encoded, with the field and the reason. */
  rejected: Rejection[];
  /** Milliseconds spent in each of the three steps. */
  stepMs: { decode: number; compute: number; encode: number };
}

/** Steps 1-3 of a batch: decode → compute → encode, a slice at a time. */
export function encodeReadings(
  messages: readonly ConsumedMessage[],
  library: FactorLibrary,
  ctx: EncodingContext,
): EncodedReadings {
  const stepMs = { decode: 0, compute: 0, encode: 0 };
  const batch = encodedBatch(messages.length);
  const rejected: Rejection[] = [];
  let mark = performance.now();
  const lap = (step: keyof typeof stepMs) => {
    const now = performance.now();
    stepMs[step] += now - mark;
    mark = now;
  };
  for (let i = 0; i < messages.length; i += SLICE) {
    const { decoded, rejected: invalid } = decodeBatch(messages.slice(i, i + SLICE));
    lap('decode');
    const { lines, rejected: uncomputable } = computeBatch(decoded, library);
    lap('compute');
    const unstorable = encodeLines(lines, batch, ctx);
    lap('encode');
    rejected.push(...invalid, ...uncomputable, ...unstorable);
  }
  return { rows: finishedRows(batch), rejected, stepMs };
}
