import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { packRecords, unpackRecords } from './packed-records.js';

// Packed records reach the broker through the patched produce request encoder, which copies
// each record's tail instead of encoding its key and value. The request must be the same,
// byte for byte, as kafkajs writes for the same messages without tails.
const require = createRequire(import.meta.url);
const produceRequest = require('kafkajs/src/protocol/requests/produce/v3/request');
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');
const Decoder = require('kafkajs/src/protocol/decoder');

const records = [
  { key: '91500237MA5U8B1X2C', value: '{"readingId":"r-1","quantity":12.5}' },
  { key: '', value: '' },
  // lengths on either side of the one- and two-byte varints (63/64, 8191/8192 bytes)
  { key: 'k'.repeat(63), value: 'v'.repeat(64) },
  { key: 'k'.repeat(64), value: 'v'.repeat(8_191) },
  { key: 'k', value: 'v'.repeat(8_192) },
  // UTF-8 of more than one byte a character, and more than 1 MiB
  { key: '稽核', value: '{"town":"高唐街道","meterId":"电表-01"}' },
  { key: '渝', value: '电'.repeat(400_000) },
];

async function encoded(messages: object[]) {
  const request = produceRequest({
    acks: -1,
    timeout: 30_000,
    producerId: 7,
    producerEpoch: 0,
    topicData: [{ topic: 'energy.readings.v1', partitions: [{ partition: 2, messages }] }],
  });
  return (await request.encode()).buffer as Buffer;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('packed records', () => {
  it('unpack to their topic, keys and values', () => {
    const out = unpackRecords(packRecords('t', records));
    expect(out.map((m) => [m.topic, m.key, m.value.toString()])).toEqual(
      records.map((r) => ['t', r.key, r.value]),
    );
  });

  it('give the produce request kafkajs writes for the same messages, byte for byte', async () => {
    vi.useFakeTimers({ now: 1_764_000_000_123, toFake: ['Date'] });
    const tailed = unpackRecords(packRecords('energy.readings.v1', records));
    const plain = tailed.map(({ key, value }) => ({ key, value }));
    const withTails = await encoded(tailed);
    const without = await encoded(plain);
    expect(withTails.length).toBe(without.length);
    expect(withTails.equals(without)).toBe(true);
  });

  it('decode back to the records, in order, with consecutive offsets', async () => {
    const tailed = unpackRecords(packRecords('energy.readings.v1', records));
    const bytes = await encoded(tailed);
    // After the topic's name: partitions (1), partition (2), the record set's size, the set.
    const start = bytes.indexOf(Buffer.from('energy.readings.v1')) + 18 + 4 + 4 + 4;
    const decoded = await decodeRecordBatch(new Decoder(bytes.subarray(start)));
    expect(
      decoded.records.map((r: { key: Buffer; value: Buffer; offset: string }) => [
        r.key.toString(),
        r.value.toString(),
        r.offset,
      ]),
    ).toEqual(records.map((r, i) => [r.key, r.value, String(i)]));
  });

  it('are encoded by kafkajs itself when a message of the partition has no tail', async () => {
    vi.useFakeTimers({ now: 1_764_000_000_123, toFake: ['Date'] });
    const tailed = unpackRecords(packRecords('energy.readings.v1', records));
    const mixed = [...tailed.slice(0, 3), { key: 'x', value: 'y' }, ...tailed.slice(3)];
    const plain = mixed.map(({ key, value }) => ({ key, value }));
    expect((await encoded(mixed)).equals(await encoded(plain))).toBe(true);
  });
});
