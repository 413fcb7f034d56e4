import { createFactorLibrary } from '@carbon-account/accounting';
import { describe, expect, it } from 'vitest';
import { computeBatch } from './compute.js';
import { lineKey, type StoredLine } from './current-versions.js';
import { decodeBatch } from './decode.js';
import { type EncodedLine, encodedBatch, encodeLines } from './encode.js';
import { planWrites } from './plan.js';
import { message, ORG, reading } from './test-messages.js';

const library = createFactorLibrary();
const T = 1_750_000_000_000;

/** Lines of one partition as the consumer delivers them: offsets and times as given. */
function lines(
  ...sends: { quantity?: number; id?: string; offset: number; at?: number }[]
): EncodedLine[] {
  const messages = sends.map((s) =>
    message(reading({ quantity: s.quantity ?? 1000, readingId: s.id ?? 'r1' }), {
      offset: s.offset,
      timestamp: s.at ?? T,
    }),
  );
  const computed = computeBatch(decodeBatch(messages).decoded, library).lines;
  const batch = encodedBatch(computed.length);
  encodeLines(computed, batch, { emissionsTopic: 't', gwpSet: 'AR6', now: 0, nowIso: '' });
  expect(batch.lines).toHaveLength(sends.length);
  return batch.lines;
}
/** The only line of a one-send batch. */
const line = (send: { quantity?: number; offset: number; at?: number }) =>
  lines(send)[0] as EncodedLine;

/** What the lookup returns once a line is stored (the figures the plan only passes on). */
const storedOf = (line: EncodedLine): StoredLine => ({
  contentHash: line.contentHash,
  version: line.version,
  scope: 2,
  type: 'electricity',
  periodStart: 1_735_660_800,
  tco2eLocation: line.tco2eLocation,
  tco2eMarket: line.tco2eLocation,
  tce: 0.1,
  activity: 1,
});
const storedMap = (...ls: EncodedLine[]) =>
  new Map(ls.map((l) => [lineKey(l.orgId, l.readingId), storedOf(l)]));

describe('planWrites', () => {
  it('stores a new reading without a previous version', () => {
    const plan = planWrites(lines({ offset: 1 }), new Map());
    expect(plan.toStore).toHaveLength(1);
    expect(plan.toStore[0]?.previous).toBeUndefined();
    expect(plan.corrections).toEqual([]);
  });

  it('writes nothing for a re-delivery or a re-send of stored content', () => {
    const first = line({ offset: 1 });
    const again = lines({ offset: 1 }, { offset: 900, at: T + 60_000 });
    const plan = planWrites(again, storedMap(first));
    expect(plan).toMatchObject({ toStore: [], corrections: [], duplicates: 2, stale: 0 });
  });

  it('replaces a stored reading by a later one with other content, recording the change', () => {
    const old = line({ offset: 1 });
    const corrected = line({ offset: 2, quantity: 2000, at: T + 1000 });
    const plan = planWrites([corrected], storedMap(old));
    expect(plan.toStore).toHaveLength(1);
    expect(plan.toStore[0]?.line).toBe(corrected);
    expect(plan.toStore[0]?.previous?.tco2eLocation).toBe(old.tco2eLocation);
    expect(plan.corrections).toHaveLength(1);
    expect(plan.corrections[0]?.previous.version).toBe(old.version);
  });

  it('ignores a late re-delivery of the version a correction replaced', () => {
    const old = line({ offset: 1 });
    const corrected = line({ offset: 2, quantity: 2000, at: T + 1000 });
    const plan = planWrites([old], storedMap(corrected));
    expect(plan).toMatchObject({ toStore: [], corrections: [], duplicates: 0, stale: 1 });
  });

  it('stores only the last of two versions in one batch, whatever their order in the array', () => {
    const a = line({ offset: 41_999 });
    const b = line({ offset: 42_000, quantity: 3000 });
    for (const batch of [
      [a, b],
      [b, a],
    ]) {
      const plan = planWrites(batch, new Map());
      expect(plan.toStore.map((s) => s.line)).toEqual([b]);
      expect(plan.toStore[0]?.previous).toBeUndefined();
      expect(plan.corrections).toHaveLength(1);
    }
  });

  it('takes the stored version out once when the batch re-delivers it and then corrects it', () => {
    const stored = line({ offset: 1 });
    const batch = lines({ offset: 1 }, { offset: 5, quantity: 7, at: T + 5000 });
    const plan = planWrites(batch, storedMap(stored));
    expect(plan.duplicates).toBe(1);
    expect(plan.toStore).toHaveLength(1);
    expect(plan.toStore[0]?.previous?.version).toBe(stored.version);
    expect(plan.corrections).toHaveLength(1);
  });

  it('records every change of a chain in one batch, with distinct new versions', () => {
    const stored = line({ offset: 1 });
    const batch = lines(
      { offset: 10, quantity: 2, at: T + 10_000 },
      { offset: 11, quantity: 3, at: T + 10_000 },
    );
    const plan = planWrites(batch, storedMap(stored));
    expect(plan.corrections.map((c) => c.previous.version)).toEqual([
      stored.version,
      (batch[0] as EncodedLine).version,
    ]);
    expect(new Set(plan.corrections.map((c) => c.line.version)).size).toBe(2);
    expect(plan.toStore.map((s) => s.line)).toEqual([batch[1]]);
  });

  it('is idempotent: once its writes are stored, the same batch plans nothing', () => {
    const batch = lines(
      { id: 'a', offset: 1 },
      { id: 'b', offset: 2 },
      { id: 'a', offset: 3, quantity: 5 },
    );
    const first = planWrites(batch, new Map());
    expect(first.toStore).toHaveLength(2);
    const retry = planWrites(batch, storedMap(...first.toStore.map((s) => s.line)));
    expect(retry.toStore).toEqual([]);
    expect(retry.corrections).toEqual([]);
  });

  it('keeps keys of different orgs apart', () => {
    const mine = line({ offset: 1 });
    const other = { ...mine, orgId: `${ORG.slice(0, -1)}X` };
    const plan = planWrites([mine, other], new Map());
    expect(plan.toStore).toHaveLength(2);
  });
});
