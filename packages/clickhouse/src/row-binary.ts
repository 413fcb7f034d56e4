/**
 * Rows in ClickHouse's RowBinary format, for the tables written at volume (readings and
 * emission_lines, one row each per reading). Every other INSERT sends JSONEachRow.
 *
 * Why: inserting 300,000 emission lines as JSONEachRow cost ClickHouse 18.16 2.4-2.5 s of
 * CPU, as RowBinary 1.5 s (readings: 0.44 s against 0.27-0.33 s); the client no longer
 * turns every figure into decimal text, nor the server back. RowBinary has no field
 * names: the INSERT names its columns, and `columnMismatches` compares a table's declared
 * columns with the server's before anything is written, so a migration that changes a
 * column cannot make the bytes mean something else.
 */

/** The column types the RowBinary tables use (ClickHouse's names). */
export type ColumnType =
  | 'String'
  | 'UInt8'
  | 'UInt32'
  | 'UInt64'
  | 'Float64'
  | 'DateTime'
  | 'Array(String)'
  | 'Array(UInt32)';

export type Columns = Readonly<Record<string, ColumnType>>;

type ValueOf<T extends ColumnType> = T extends 'String'
  ? string
  : T extends 'Array(String)'
    ? readonly string[]
    : T extends 'Array(UInt32)'
      ? readonly number[]
      : number;

/** A row of a table with these columns: DateTime as Unix seconds, UInt64 below 2^53. */
export type RowOf<C extends Columns> = { [K in keyof C]: ValueOf<C[K]> };

const TWO_32 = 2 ** 32;

/** A growing buffer of RowBinary values. */
export class RowBinaryWriter {
  private buf: Buffer;
  private at = 0;

  constructor(capacity = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(64, capacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.at;
  }

  /** The bytes written so far: a view, valid until the next write. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  /** Forgets what was written after `length` bytes, e.g. a row that could not be finished. */
  truncate(length: number): void {
    if (length < 0 || length > this.at) throw new RangeError(`cannot truncate to ${length}`);
    this.at = length;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  private varint(n: number): void {
    let v = n;
    while (v >= 0x80) {
      this.buf[this.at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.at++] = v;
  }

  string(s: string): void {
    if (typeof s !== 'string') throw new TypeError(`${String(s)} is not a string`);
    // At most 42 UTF-16 units are at most 126 UTF-8 bytes: one length byte, set after.
    if (s.length <= 42) {
      this.room(1 + s.length * 3);
      // ASCII by hand: the native write costs more than the copy for a few bytes.
      const buf = this.buf;
      const start = this.at + 1;
      let i = 0;
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      const n = i === s.length ? i : buf.write(s, start, 'utf8');
      buf[this.at] = n;
      this.at = start + n;
      return;
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.room(5 + n);
    this.varint(n);
    this.at += this.buf.write(s, this.at, n, 'utf8');
  }

  uint8(n: number): void {
    if (!(Number.isInteger(n) && n >= 0 && n < 0x100)) throw new RangeError(`${n} is not a UInt8`);
    this.room(1);
    this.buf[this.at++] = n;
  }

  /** Also DateTime, as Unix seconds. */
  uint32(n: number): void {
    if (!(Number.isInteger(n) && n >= 0 && n < TWO_32))
      throw new RangeError(`${n} is not a UInt32`);
    this.room(4);
    this.buf.writeUInt32LE(n, this.at);
    this.at += 4;
  }

  uint64(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0))
      throw new RangeError(`${n} is not a UInt64 below 2^53`);
    this.room(8);
    this.buf.writeUInt32LE(n % TWO_32, this.at);
    this.buf.writeUInt32LE(Math.floor(n / TWO_32), this.at + 4);
    this.at += 8;
  }

  /** Finite only: JSON could not carry NaN or infinities either, and no figure may be one. */
  float64(x: number): void {
    if (!Number.isFinite(x)) throw new RangeError(`${x} is not a finite Float64`);
    this.room(8);
    this.buf.writeDoubleLE(x, this.at);
    this.at += 8;
  }

  strings(values: readonly string[]): void {
    this.room(5);
    this.varint(values.length);
    for (const s of values) this.string(s);
  }

  uint32s(values: readonly number[]): void {
    this.room(5);
    this.varint(values.length);
    for (const n of values) this.uint32(n);
  }

  /** Appends bytes already in RowBinary, e.g. part of a row encoded earlier. */
  raw(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }
}

const writerMethod: Record<ColumnType, keyof RowBinaryWriter> = {
  String: 'string',
  UInt8: 'uint8',
  UInt32: 'uint32',
  UInt64: 'uint64',
  Float64: 'float64',
  DateTime: 'uint32',
  'Array(String)': 'strings',
  'Array(UInt32)': 'uint32s',
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A table's columns, in the order its RowBinary rows carry them, and their encoder. */
export interface RowBinaryTable<C extends Columns> {
  readonly table: string;
  readonly columns: C;
  /** Appends one row. A value the column cannot hold throws, naming the column. */
  encode(writer: RowBinaryWriter, row: RowOf<C>): void;
}

/**
 * Declares the columns of `table` an INSERT writes (others take their defaults). The
 * encoder is compiled once into straight-line code, one writer call per column: a loop
 * over the columns, reading `row[name]`, cost about three times as much per row.
 */
export function rowBinaryTable<C extends Columns>(table: string, columns: C): RowBinaryTable<C> {
  const names = Object.keys(columns);
  for (const name of [table, ...names]) {
    if (!IDENTIFIER.test(name)) throw new TypeError(`'${name}' is not an identifier`);
  }
  const body = names
    .map((name) => `w.${writerMethod[columns[name] as ColumnType]}(row.${name});`)
    .join('\n');
  const write = new Function('w', 'row', body) as (w: RowBinaryWriter, row: RowOf<C>) => void;
  return {
    table,
    columns,
    encode(writer, row) {
      try {
        write(writer, row);
      } catch (err) {
        // Slow path, only on error: find the column at fault to name it.
        const probe = new RowBinaryWriter(64);
        for (const name of names) {
          const value = (row as Record<string, unknown>)[name];
          try {
            const method = probe[writerMethod[columns[name] as ColumnType]] as (v: unknown) => void;
            method.call(probe, value);
          } catch (columnErr) {
            throw new RangeError(
              `${table}.${name}: ${(columnErr as Error).message} (${columns[name]})`,
            );
          }
        }
        throw err;
      }
    },
  };
}

/**
 * Reads one row back from RowBinary: what the SQL log shows of an INSERT, and what tests
 * compare. Returns the row and where the next one starts.
 */
export function readRowBinary<C extends Columns>(
  declared: RowBinaryTable<C>,
  bytes: Uint8Array,
  start = 0,
): { row: RowOf<C>; end: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  const varint = () => {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = buf[at++] as number;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
  };
  const string = () => {
    const n = varint();
    at += n;
    return buf.toString('utf8', at - n, at);
  };
  const uint32 = () => {
    at += 4;
    return buf.readUInt32LE(at - 4);
  };
  const read: Record<ColumnType, () => unknown> = {
    String: string,
    UInt8: () => buf[at++],
    UInt32: uint32,
    DateTime: uint32,
    UInt64: () => {
      at += 8;
      return buf.readUInt32LE(at - 8) + buf.readUInt32LE(at - 4) * TWO_32;
    },
    Float64: () => {
      at += 8;
      return buf.readDoubleLE(at - 8);
    },
    'Array(String)': () => Array.from({ length: varint() }, string),
    'Array(UInt32)': () => Array.from({ length: varint() }, uint32),
  };
  const row: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(declared.columns)) {
    if (at >= buf.length) throw new RangeError(`${declared.table}: the row ends before ${name}`);
    row[name] = read[type]();
  }
  return { row: row as RowOf<C>, end: at };
}

/**
 * The declared columns that the server's table lacks or types otherwise, as sentences;
 * empty when the declaration matches. `serverColumns` is `system.columns` of the table.
 */
export function columnMismatches(
  declared: RowBinaryTable<Columns>,
  serverColumns: readonly { name: string; type: string }[],
): string[] {
  const types = new Map(serverColumns.map((c) => [c.name, c.type]));
  const problems: string[] = [];
  for (const [name, type] of Object.entries(declared.columns)) {
    const actual = types.get(name);
    if (actual === undefined) problems.push(`${declared.table}.${name} is missing on the server`);
    else if (actual !== type)
      problems.push(`${declared.table}.${name} is ${actual} on the server, written as ${type}`);
  }
  return problems;
}
