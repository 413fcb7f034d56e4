import { describe, expect, it } from 'vitest';
import { ingestResponseV1 } from './ingest-api.js';
import { rejectedReadingV1 } from './rejected-reading.js';

describe('ingest API contract', () => {
  it('accepts a per-item answer and refuses an unknown status', () => {
    const answer = {
      requestId: 'r-1',
      received: 2,
      accepted: 1,
      rejected: 1,
      items: [
        { index: 0, status: 'accepted', readingId: 'a' },
        { index: 1, line: 3, status: 'rejected', errors: [{ path: 'quantity', message: 'x' }] },
      ],
    };
    expect(ingestResponseV1.parse(answer)).toEqual(answer);
    expect(
      ingestResponseV1.safeParse({ ...answer, items: [{ index: 0, status: 'maybe' }] }).success,
    ).toBe(false);
  });

  it('lets the rejected envelope say which request and item of the ingest API it came from', () => {
    const envelope = {
      reason: 'does not match energy.readings.v1',
      errors: [{ path: 'quantity', message: 'expected a number ≥ 0, got -1' }],
      orgId: '91500237MA5U7T2K1Y',
      source: { kind: 'ingest-api', requestId: 'r-1', index: 4, line: 6 },
      raw: '{}',
      rejectedAt: '2025-03-01T00:00:00+08:00',
    };
    expect(rejectedReadingV1.parse(envelope)).toEqual(envelope);
    expect(
      rejectedReadingV1.safeParse({ ...envelope, source: { kind: 'ingest-api', index: 4 } })
        .success,
    ).toBe(false);
  });
});
