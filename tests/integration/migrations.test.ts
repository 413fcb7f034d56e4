import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouse, migrate, rawSql } from '@carbon-account/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, migrationsDir } from '../src/index.js';

describe('migration runner against the real ClickHouse server', () => {
  let ch: ClickHouse;
  beforeAll(async () => {
    ch = await freshDatabase({ migrate: false });
  });
  afterAll(async () => {
    await ch?.close();
  });

  it("applies the project's migrations once and records them", async () => {
    const first = await migrate(ch, migrationsDir);
    const second = await migrate(ch, migrationsDir);
    expect(second.applied).toEqual([]);
    const recorded = await ch.query<{ c: string }>(
      rawSql('SELECT count() AS c FROM schema_migrations'),
    );
    expect(Number(recorded[0]?.c)).toBe(first.applied.length);
  });

  it('applies new files in order and refuses an applied file that changed', async () => {
    const own = await freshDatabase({ migrate: false });
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(
      join(dir, '0001_first.sql'),
      'CREATE TABLE IF NOT EXISTS a (x String) ENGINE = MergeTree ORDER BY x;\n',
    );
    writeFileSync(
      join(dir, '0002_second.sql'),
      '-- b follows a\nCREATE TABLE IF NOT EXISTS b (y String) ENGINE = MergeTree ORDER BY y;\n',
    );
    expect((await migrate(own, dir)).applied.map((m) => m.version)).toEqual([1, 2]);
    const tables = await own.query<{ name: string }>(
      rawSql(
        "SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN ('a', 'b') ORDER BY name",
      ),
    );
    expect(tables.map((t) => t.name)).toEqual(['a', 'b']);
    writeFileSync(
      join(dir, '0001_first.sql'),
      'CREATE TABLE IF NOT EXISTS a (x String, z String) ENGINE = MergeTree ORDER BY x;\n',
    );
    await expect(migrate(own, dir)).rejects.toThrow(
      /0001_first.sql was changed after it was applied/,
    );
    await own.close();
  });
});
