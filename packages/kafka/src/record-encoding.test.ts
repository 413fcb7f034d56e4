import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// patches/kafkajs+2.2.4.patch makes the producer's record encoding allocate once per record
// and take the CRC-32C from @node-rs/crc32. These check the bytes it writes against kafkajs's
// own decoder and its JavaScript CRC, including the cases the fast paths branch on.
const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0');
const Decoder = require('kafkajs/src/protocol/decoder');
const Encoder = require('kafkajs/src/protocol/encoder');
const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C');
const crc32CInJavaScript = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C');

interface TestRecord {
  key: string | Buffer | null;
  value: string | Buffer | null;
  timestampDelta: number;
  headers?: Record<string, string>;
}

const records: TestRecord[] = [
  { key: '91500237MA5U8B1X2C', value: '{"readingId":"r-1","quantity":12.5}', timestampDelta: 0 },
  { key: null, value: null, timestampDelta: 1 },
  { key: '', value: '', timestampDelta: 2 },
  // longer than the 512 bytes an encoder started with before the patch
  { key: 'k', value: 'x'.repeat(600), timestampDelta: 3 },
  // over 4 KiB: allocated outside Buffer's shared pool
  { key: 'k', value: '电'.repeat(5000), timestampDelta: -5 },
  { key: Buffer.from([0, 1, 2]), value: Buffer.alloc(70_000, 7), timestampDelta: 2 ** 31 },
  { key: '稽核', value: '{"town":"高唐街道"}', timestampDelta: 2 ** 29 },
  { key: 'h', value: 'v', timestampDelta: -(2 ** 40), headers: { trace: 'abc', 'x-org': '渝' } },
];

async function roundTrip(batchRecords: TestRecord[]) {
  const encoded = await RecordBatch({
    records: batchRecords.map((r, i) => encodeRecord({ ...r, offsetDelta: i })),
    firstTimestamp: 1_764_000_000_000,
    maxTimestamp: 1_764_000_000_900,
    lastOffsetDelta: batchRecords.length - 1,
  });
  const bytes: Buffer = encoded.buffer;
  // FirstOffset (8), Length (4), then PartitionLeaderEpoch (4), Magic (1), CRC (4), the body
  const batchLength = bytes.readInt32BE(8);
  const storedCrc = bytes.readUInt32BE(8 + 4 + 4 + 1);
  const crcInput = bytes.subarray(8 + 4 + 4 + 1 + 4);
  const decoded = await decodeRecordBatch(new Decoder(bytes));
  return { bytes, batchLength, storedCrc, crcInput, decoded };
}

const asBuffer = (v: string | Buffer | null) =>
  v === null ? null : Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8');

describe('kafkajs record encoding (patched)', () => {
  it('writes batches that kafkajs decodes back to the same records', async () => {
    const { decoded } = await roundTrip(records);
    expect(decoded.records).toHaveLength(records.length);
    decoded.records.forEach((got: Record<string, unknown>, i: number) => {
      const want = records[i] as TestRecord;
      expect(got.key, `record ${i} key`).toEqual(asBuffer(want.key));
      expect(got.value, `record ${i} value`).toEqual(asBuffer(want.value));
      expect(got.offset, `record ${i} offset`).toBe(String(i));
      expect(got.timestamp, `record ${i} timestamp`).toBe(
        String(1_764_000_000_000 + want.timestampDelta),
      );
      expect(got.headers, `record ${i} headers`).toEqual(
        Object.fromEntries(Object.entries(want.headers ?? {}).map(([k, v]) => [k, Buffer.from(v)])),
      );
    });
  });

  it('stores the CRC-32C of the batch body, as the JavaScript reference computes it', async () => {
    const { storedCrc, crcInput, batchLength, bytes } = await roundTrip(records);
    expect(batchLength).toBe(bytes.length - 12);
    expect(storedCrc).toBe(crc32CInJavaScript(crcInput) >>> 0);
  });

  it('computes the same CRC-32C as the JavaScript reference for any buffer', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 300; n++) {
      const buffer = Buffer.alloc(random() % 9_000);
      for (let i = 0; i < buffer.length; i++) buffer[i] = random() & 0xff;
      expect(crc32C(buffer), `buffer ${n} of ${buffer.length} bytes`).toBe(
        crc32CInJavaScript(buffer) >>> 0,
      );
    }
    // the CRC-32C check value of "123456789"
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('writes varlongs the same on the small-number path as on the 64-bit one', () => {
    for (const v of [0, 1, -1, 63, -64, 64, 300, -300, 2 ** 29, -(2 ** 29), 2 ** 30 - 1]) {
      const fast = new Encoder().writeVarLong(v).buffer;
      const long = new Encoder().writeVarLong(String(v)).buffer;
      expect(fast, `varlong ${v}`).toEqual(long);
      expect(Encoder.sizeOfVarLong(v), `size of varlong ${v}`).toBe(long.length);
    }
  });

  it('leaves no stray bytes: an encoder reused after growing writes only what it was given', () => {
    const encoder = new Encoder(4);
    encoder
      .writeVarIntBytes('a'.repeat(1_000))
      .writeInt32(42)
      .writeUVarInt(2 ** 31);
    const again = new Encoder()
      .writeVarIntBytes('a'.repeat(1_000))
      .writeInt32(42)
      .writeUVarInt(2 ** 31);
    expect(encoder.buffer).toEqual(again.buffer);
    expect(encoder.buffer.length).toBe(encoder.size());
  });
});
