import type { ConsumedMessage } from '@carbon-account/kafka';
import { describe, expect, it } from 'vitest';
import { publishedRejectionRow } from './store-rejections.js';

const READINGS = 'p.energy.readings.v1';
const at = (offset: number, value: unknown): ConsumedMessage => ({
  topic: 'p.energy.readings.rejected.v1',
  partition: 2,
  offset: String(offset),
  key: 'k',
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  timestamp: '1750000000999',
});
const refusal = (source: Record<string, unknown>) => ({
  reason: 'does not match energy.readings.v1',
  errors: [{ path: 'quantity', message: 'Too small' }],
  orgId: '91500237MA5U7T2K10',
  readingId: 'r-7',
  source,
  raw: 'r-7,electricity,-5,kWh',
  rejectedAt: '2025-06-01T08:00:00+08:00',
});

describe('publishedRejectionRow', () => {
  it('stores a platform file refusal with its file and line at its rejected-topic position', () => {
    const row = publishedRejectionRow(
      at(41, refusal({ kind: 'platform-file', file: 'grid-2025-05.csv', line: 12 })),
      READINGS,
    );
    expect(row).toMatchObject({
      org_id: '91500237MA5U7T2K10',
      reading_id: 'r-7',
      source: 'platform-file',
      source_file: 'grid-2025-05.csv',
      source_line: 12,
      reason: 'does not match energy.readings.v1',
      kafka_topic: 'p.energy.readings.rejected.v1',
      kafka_partition: 2,
      kafka_offset: 41,
      rejected_at: Date.parse('2025-06-01T00:00:00Z') / 1000,
    });
    expect(JSON.parse(row?.errors ?? '[]')[0].path).toBe('quantity');
  });

  it('keeps a source kind it does not know, with its fields, and gives a re-delivery the same row', () => {
    const m = at(3, refusal({ kind: 'ingest-api', requestId: 'req-1', index: 4 }));
    const row = publishedRejectionRow(m, READINGS);
    expect(row?.source).toBe('ingest-api');
    expect(JSON.parse(row?.source_detail ?? '{}')).toEqual({
      kind: 'ingest-api',
      requestId: 'req-1',
      index: 4,
    });
    expect(publishedRejectionRow({ ...m }, READINGS)).toEqual(row);
  });

  it("skips the processor's own refusals, which it stored when it refused them", () => {
    const own = refusal({ kind: 'kafka', topic: READINGS, partition: 0, offset: '9' });
    expect(publishedRejectionRow(at(1, own), READINGS)).toBeUndefined();
    const otherTopic = refusal({
      kind: 'kafka',
      topic: 'p.org.outputs.v1',
      partition: 0,
      offset: '9',
    });
    expect(publishedRejectionRow(at(2, otherTopic), READINGS)?.source).toBe('kafka');
  });

  it('stores a message that is not a rejection as one, with what is wrong with it', () => {
    const garbage = publishedRejectionRow(at(5, 'not json'), READINGS);
    expect(garbage).toMatchObject({ source: 'unknown', raw: 'not json', kafka_offset: 5 });
    expect(garbage?.rejected_at).toBe(1_750_000_000);
    const wrong = publishedRejectionRow(at(6, { reason: 'x' }), READINGS);
    expect(wrong?.reason).toMatch(/does not match energy.readings.rejected.v1/);
    expect(wrong?.errors).toMatch(/source/);
  });
});
