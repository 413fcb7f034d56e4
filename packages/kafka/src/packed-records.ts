import type { OutgoingMessage } from './producer.js';

/**
 * Records of one topic laid out back to back in one buffer, as Kafka's record format v2 has
 * each record's end: key length, key, value length, value, no headers (the "tail" that
 * follows a record's attributes, timestamp delta and offset delta). Built where the records
 * are made, for a thread that only sends them: the producer copies each tail as it is
 * instead of encoding the key and value again (patches/kafkajs+2.2.4.patch), and the three
 * buffers move between threads without a copy.
 */
export interface PackedRecords {
  topic: string;
  keys: string[];
  bytes: Uint8Array;
  /** Record i's tail is bytes[ends[i - 1] .. ends[i]] (from 0 for the first). */
  ends: Int32Array;
  /** Record i's value is bytes[valueStarts[i] .. ends[i] - 1]; the last byte is "no headers". */
  valueStarts: Int32Array;
}

/** Bytes of a non-negative length as Kafka's zigzag varint. */
const varintSize = (n: number) => (n < 0x40 ? 1 : n < 0x2000 ? 2 : n < 0x10_0000 ? 3 : 4);

function writeVarint(bytes: Buffer, at: number, n: number): number {
  let v = n * 2; // zigzag of a non-negative int
  while (v >= 0x80) {
    bytes[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[at++] = v;
  return at;
}

/** Packs text records (keys and values as UTF-8) of one topic. */
export function packRecords(
  topic: string,
  records: readonly { key: string; value: string }[],
): PackedRecords {
  const n = records.length;
  const keyBytes = new Int32Array(n);
  const valueBytes = new Int32Array(n);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i] as { key: string; value: string };
    const k = Buffer.byteLength(r.key);
    const v = Buffer.byteLength(r.value);
    if (k >= 0x0800_0000 || v >= 0x0800_0000) throw new RangeError('a key or value of 128 MiB');
    keyBytes[i] = k;
    valueBytes[i] = v;
    size += varintSize(k) + k + varintSize(v) + v + 1;
  }
  const bytes = Buffer.allocUnsafeSlow(size);
  const ends = new Int32Array(n);
  const valueStarts = new Int32Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i] as { key: string; value: string };
    at = writeVarint(bytes, at, keyBytes[i] as number);
    at += bytes.write(r.key, at);
    at = writeVarint(bytes, at, valueBytes[i] as number);
    valueStarts[i] = at;
    at += bytes.write(r.value, at);
    bytes[at++] = 0; // headers: none
    ends[i] = at;
  }
  return { topic, keys: records.map((r) => r.key), bytes, ends, valueStarts };
}

/** The packed records as messages for the producer; values and tails are views, not copies. */
export function unpackRecords(packed: PackedRecords): OutgoingMessage[] {
  const bytes = Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset, packed.bytes.byteLength);
  const out = new Array<OutgoingMessage>(packed.keys.length);
  let start = 0;
  for (let i = 0; i < out.length; i++) {
    const end = packed.ends[i] as number;
    out[i] = {
      topic: packed.topic,
      key: packed.keys[i] as string,
      value: bytes.subarray(packed.valueStarts[i] as number, end - 1),
      recordTail: bytes.subarray(start, end),
    };
    start = end;
  }
  return out;
}
