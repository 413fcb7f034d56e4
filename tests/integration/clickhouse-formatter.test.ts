import { type ClickHouse, rawSql, sql } from '@carbon-account/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../src/index.js';

// Hostile values must come back from the real server exactly as they went in.
const hostile = [
  "it's",
  'back\\slash\\',
  "\\'",
  'nul\0byte',
  'new\nline\r\ttab',
  '\b\f',
  'unicode: 碳账户 巫山县 🌱 ü',
  "'; DROP TABLE probe; --",
  '\\0 literal backslash-zero',
  '"double" `back`',
  '',
];

describe('SQL value formatter against the real ClickHouse server', () => {
  let ch: ClickHouse;
  beforeAll(async () => {
    ch = await freshDatabase({ migrate: false });
    await ch.command(
      rawSql('CREATE TABLE probe (id UInt32, s String) ENGINE = MergeTree ORDER BY id'),
    );
  });
  afterAll(async () => {
    await ch?.close();
  });

  it.each(hostile.map((s, i) => [i, s] as const))(
    'round-trips value %i as a literal',
    async (_i, value) => {
      const rows = await ch.query<{ v: string; n: string }>(
        sql`SELECT ${value} AS v, length(${value}) AS n`,
      );
      expect(rows[0]?.v).toBe(value);
      expect(Number(rows[0]?.n)).toBe(Buffer.byteLength(value, 'utf8'));
    },
  );

  it('finds inserted hostile values by equality and leaves the table in place', async () => {
    await ch.command(
      sql`INSERT INTO probe (id, s) VALUES ${rawSql(hostile.map((s, i) => sql`(${i}, ${s})`.text).join(', '))}`,
    );
    for (const [i, value] of hostile.entries()) {
      const rows = await ch.query<{ id: number }>(sql`SELECT id FROM probe WHERE s = ${value}`);
      expect(rows.map((r) => Number(r.id))).toEqual([i]);
    }
    const count = await ch.query<{ c: string }>(rawSql('SELECT count() AS c FROM probe'));
    expect(Number(count[0]?.c)).toBe(hostile.length);
  });

  it('round-trips numbers, dates and arrays', async () => {
    const when = new Date('2025-03-01T16:00:00Z');
    const rows = await ch.query<{ x: number; d: string; a: string[] }>(
      sql`SELECT ${0.1 + 0.2} AS x, toString(${when}) AS d, ${['a', "b'c"]} AS a`,
    );
    expect(rows[0]?.x).toBe(0.1 + 0.2);
    expect(rows[0]?.d).toBe('2025-03-01 16:00:00');
    expect(rows[0]?.a).toEqual(['a', "b'c"]);
  });
});
