import { describe, expect, it } from 'vitest';
import { createContractReading } from './contract-reading.js';
import { energyReadingV1 } from './energy-reading.js';
import { decodeOrgKeyed } from './org-keyed-message.js';
import { validReading } from './test-readings.js';

const message = (value: string, key: string | null) => ({ key, value: Buffer.from(value) });

// The emissions processor decodes with the precompiled check in front of zod: the outcome,
// reasons included, must be the same either way.
describe.each([
  { checks: 'zod alone', accept: undefined },
  { checks: 'the precompiled check, then zod', accept: createContractReading() },
])('decodeOrgKeyed with $checks', ({ accept }) => {
  const decode = (value: string, key: string | null) =>
    decodeOrgKeyed(message(value, key), energyReadingV1, 'energy.readings.v1', accept);
  const reading = validReading();

  it('gives the contract’s data for a valid message keyed by its orgId, or without a key', () => {
    for (const key of [reading.orgId, null]) {
      const got = decode(JSON.stringify(reading), key);
      expect(got).toEqual({ ok: true, data: energyReadingV1.parse(reading) });
    }
  });

  it('refuses what is not JSON, naming the message', () => {
    const got = decode('{"orgId": ', reading.orgId);
    expect(got).toMatchObject({ ok: false, reason: 'not JSON', raw: undefined });
    expect(got.ok ? [] : got.errors.map((e) => e.path)).toEqual(['(message)']);
  });

  it('refuses what breaks the contract, naming the field, and keeps the parsed ids', () => {
    const got = decode(JSON.stringify({ ...reading, quantity: -1 }), reading.orgId);
    expect(got).toMatchObject({ ok: false, reason: 'does not match energy.readings.v1' });
    expect(got.ok ? [] : got.errors.map((e) => e.path)).toEqual(['quantity']);
    expect(got.ok ? undefined : (got.raw as { readingId: string }).readingId).toBe(
      reading.readingId,
    );
  });

  it('refuses a message keyed by another org: it sits on that org’s partition', () => {
    const got = decode(JSON.stringify(reading), 'another-org');
    expect(got).toMatchObject({ ok: false, reason: 'message key is not the orgId' });
    expect(got.ok ? [] : got.errors).toEqual([
      { path: 'orgId', message: `key 'another-org' differs from orgId '${reading.orgId}'` },
    ]);
  });
});
