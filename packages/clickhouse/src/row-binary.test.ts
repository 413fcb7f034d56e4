import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnMismatches, RowBinaryWriter, readRowBinary, rowBinaryTable } from './row-binary.js';

const table = rowBinaryTable('t', {
  s: 'String',
  u8: 'UInt8',
  u32: 'UInt32',
  u64: 'UInt64',
  f: 'Float64',
  at: 'DateTime',
  ss: 'Array(String)',
  us: 'Array(UInt32)',
} as const);

const row = {
  s: 'e1:2025-03-01T00:00:00+08:00',
  u8: 2,
  u32: 4_000_000_000,
  u64: 1_796_628_845_000_001,
  f: 0.38377679400000003,
  at: 1_735_660_800,
  ss: ['grid:500000:2022:average', 'tce:electricity_equivalent_value'],
  us: [1, 2],
};

describe('RowBinary rows', () => {
  it('lay out each type as ClickHouse reads it', () => {
    const w = new RowBinaryWriter(8);
    rowBinaryTable('one', { s: 'String', u64: 'UInt64', f: 'Float64', ss: 'Array(String)' }).encode(
      w,
      { s: 'ab', u64: 2 ** 32 + 1, f: 1.5, ss: ['x'] },
    );
    expect([...w.bytes()]).toEqual([
      // String: LEB128 length, UTF-8
      2, 0x61, 0x62,
      // UInt64, little-endian
      1, 0, 0, 0, 1, 0, 0, 0,
      // Float64, little-endian IEEE 754
      0, 0, 0, 0, 0, 0, 0xf8, 0x3f,
      // Array: LEB128 count, then the elements
      1, 1, 0x78,
    ]);
  });

  it('read back as written, row after row, whatever the strings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { maxLength: 5 }),
        (ss) => {
          const w = new RowBinaryWriter(16);
          const rows = ss.map((s, i) => ({ ...row, s, ss: [s, ...ss], u32: i }));
          for (const r of rows) table.encode(w, r);
          const bytes = w.bytes();
          let at = 0;
          for (const r of rows) {
            const read = readRowBinary(table, bytes, at);
            expect(read.row).toEqual(r);
            at = read.end;
          }
          expect(at).toBe(bytes.length);
        },
      ),
    );
  });

  it('give a string of 42 units and of 43 (several bytes each) its length in bytes', () => {
    for (const s of ['渝'.repeat(42), '渝'.repeat(43), 'a'.repeat(42), `${'a'.repeat(41)}é`]) {
      const w = new RowBinaryWriter(4);
      table.encode(w, { ...row, s });
      expect(readRowBinary(table, w.bytes()).row.s).toBe(s);
    }
  });

  it('refuse a value the column cannot hold, naming the column, and write nothing then', () => {
    const cases: [Partial<typeof row>, RegExp][] = [
      [{ at: -3600 }, /^t\.at: -3600 is not a UInt32 \(DateTime\)/],
      [{ at: 2 ** 32 }, /^t\.at: .* is not a UInt32/],
      [{ u8: 256 }, /^t\.u8: 256 is not a UInt8/],
      [{ u64: 2 ** 53 }, /^t\.u64: .* below 2\^53/],
      [{ f: Number.NaN }, /^t\.f: NaN is not a finite Float64/],
      [{ f: Number.POSITIVE_INFINITY }, /^t\.f: Infinity/],
      [{ u32: 1.5 }, /^t\.u32: 1\.5 is not a UInt32/],
      [{ s: undefined as unknown as string }, /^t\.s: undefined is not a string/],
    ];
    for (const [bad, message] of cases) {
      const w = new RowBinaryWriter(64);
      table.encode(w, row);
      const before = w.length;
      expect(() => table.encode(w, { ...row, ...bad })).toThrow(message);
      // What the failed row wrote is taken back by its caller with truncate().
      w.truncate(before);
      table.encode(w, row);
      expect(readRowBinary(table, w.bytes(), before).row).toEqual(row);
    }
  });

  it('grow past the first buffer without losing what was written', () => {
    const w = new RowBinaryWriter(64);
    for (let i = 0; i < 1000; i++) table.encode(w, { ...row, u32: i });
    let at = 0;
    for (let i = 0; i < 1000; i++) {
      const read = readRowBinary(table, w.bytes(), at);
      expect(read.row.u32).toBe(i);
      at = read.end;
    }
  });

  it('accept only identifiers as table and column names', () => {
    expect(() => rowBinaryTable('t; DROP TABLE x', { a: 'String' })).toThrow(/not an identifier/);
    expect(() => rowBinaryTable('t', { 'a b': 'String' })).toThrow(/not an identifier/);
  });
});

describe('columnMismatches', () => {
  it('names a missing column and one of another type, and nothing when all match', () => {
    const server = Object.entries(table.columns).map(([name, type]) => ({ name, type }));
    expect(columnMismatches(table, [...server, { name: 'extra', type: 'String' }])).toEqual([]);
    const changed = server
      .filter((c) => c.name !== 'u8')
      .map((c) => (c.name === 'f' ? { name: 'f', type: 'Float32' } : c));
    expect(columnMismatches(table, changed)).toEqual([
      't.u8 is missing on the server',
      't.f is Float32 on the server, written as Float64',
    ]);
  });
});
