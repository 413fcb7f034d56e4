import { createFactorLibrary } from '@carbon-account/accounting';
import { rejectedKafkaRow as rejectedRow } from '@carbon-account/schemas';
import { describe, expect, it } from 'vitest';
import { computeBatch } from './compute.js';
import { decodeBatch } from './decode.js';
import { planWrites } from './plan.js';
import { correctionRow, emissionLineRow } from './rows.js';
import { message, reading } from './test-messages.js';

const T = 1_750_000_000_000;

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

    const { lines } = computeBatch(decoded.decoded, createFactorLibrary());
    const [correction] = planWrites(lines, new Map()).corrections;
    if (!correction) throw new Error('expected a correction');
    expect(correctionRow(correction).corrected_at).toBe((T + 5000) / 1000);
  });

  it('carries the replaced figures in prev_* so the views take them out', () => {
    const { decoded } = decodeBatch([message(reading(), { offset: 1 })]);
    const [line] = computeBatch(decoded, createFactorLibrary()).lines;
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
    const row = emissionLineRow(line, 'AR6', 0, previous);
    expect(row).toMatchObject({
      prev_version: 7,
      prev_tco2e_location: 3,
      prev_tco2e_market: 2,
      prev_tce: 1,
    });
    expect(emissionLineRow(line, 'AR6', 0)).toMatchObject({
      prev_version: 0,
      prev_tco2e_location: 0,
    });
  });
});
