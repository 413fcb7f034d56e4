import { describe, expect, it } from 'vitest';
import { contentHash, decodeBatch, deliveryVersion } from './decode.js';
import { message, ORG, reading } from './test-messages.js';

describe('decodeBatch', () => {
  it('decodes a valid reading with its delivery version and content hash', () => {
    const m = message(reading(), { offset: 7, timestamp: 1_750_000_000_123 });
    const { decoded, rejected } = decodeBatch([m]);
    expect(rejected).toEqual([]);
    expect(decoded).toHaveLength(1);
    expect(decoded[0]?.reading.quantity).toBe(1000);
    expect(decoded[0]?.version).toBe(1_750_000_000 * 1_000_000 + 7);
    const first = decoded[0];
    if (!first) throw new Error('nothing decoded');
    expect(first.contentHash).toBe(contentHash(first.reading));
  });

  it('keeps the content hash stored since migration 0001 (SHA-1 hex of the fields in order)', () => {
    const { decoded } = decodeBatch([message(reading(), { offset: 1 })]);
    // The digest of this reading as earlier releases stored it: a change here would turn
    // every stored reading into a "correction" on its next re-delivery.
    expect(decoded[0]?.contentHash).toBe('e0ea6166518eba7d4a0fd42b453c2d88f7dd941f');
  });

  it('rejects what is not JSON, an empty message and a wrong schema, naming the field, and keeps going', () => {
    const { decoded, rejected } = decodeBatch([
      message('not json', { offset: 1 }),
      { ...message('', { offset: 2 }), value: null },
      message(reading({ readingId: 'neg', quantity: -5 }), { offset: 3 }),
      message(reading({ readingId: 'ok' }), { offset: 4 }),
    ]);
    expect(decoded.map((d) => d.reading.readingId)).toEqual(['ok']);
    expect(rejected.map((r) => r.reason)).toEqual([
      'not JSON',
      'not JSON',
      'does not match energy.readings.v1',
    ]);
    expect(rejected[2]?.errors.map((e) => e.path)).toContain('quantity');
    expect(rejected[2]).toMatchObject({ orgId: ORG, readingId: 'neg' });
    expect(rejected[0]?.orgId).toBeUndefined();
  });

  it('rejects a message whose key is not its orgId (it would sit on the wrong partition)', () => {
    const { decoded, rejected } = decodeBatch([message(reading(), { offset: 1, key: 'other' })]);
    expect(decoded).toEqual([]);
    expect(rejected[0]?.reason).toBe('message key is not the orgId');
    expect(rejected[0]?.errors[0]?.path).toBe('orgId');
  });
});

describe('contentHash', () => {
  it('is the same for the same figures and differs when any figure changes', () => {
    const { decoded } = decodeBatch([
      message(reading(), { offset: 1 }),
      message(reading(), { offset: 2, timestamp: 1_760_000_000_000 }),
      message(reading({ quantity: 1000.5 }), { offset: 3 }),
      message(reading({ greenElectricityKWh: 10 }), { offset: 4 }),
    ]);
    const [a, b, c, d] = decoded.map((x) => x.contentHash);
    expect(a).toBe(b);
    expect(new Set([a, c, d]).size).toBe(3);
  });
});

describe('deliveryVersion', () => {
  it('orders two sends of one produce call (same millisecond) by offset, across a thousand', () => {
    const at = 1_750_000_000_456;
    const before = deliveryVersion(message('x', { offset: 41_999, timestamp: at }));
    const after = deliveryVersion(message('x', { offset: 42_000, timestamp: at }));
    expect(after).toBeGreaterThan(before);
  });

  it('orders by time across seconds and is the same for a re-delivery', () => {
    const early = message('x', { offset: 999_999, timestamp: 1_750_000_000_999 });
    const late = message('x', { offset: 1_000_000, timestamp: 1_750_000_001_000 });
    expect(deliveryVersion(late)).toBeGreaterThan(deliveryVersion(early));
    expect(deliveryVersion({ ...early })).toBe(deliveryVersion(early));
    expect(Number.isSafeInteger(deliveryVersion(late))).toBe(true);
  });
});
