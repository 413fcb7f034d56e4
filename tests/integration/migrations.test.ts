import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouse, migrate, rawSql, sql } from '@carbon-account/clickhouse';
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
  it('0016 and 0017 rebuild tables with finer granules, keeping every row and sum; 0018–0020 mark old accounts final, 0021–0023 their baseline unrecorded, 0024 adds what ledgers followed, 0025 makes the view sums exact; the views keep filling', async () => {
    const own = await freshDatabase({ migrate: false });
    const before = mkdtempSync(join(tmpdir(), 'migrations-'));
    for (const file of readdirSync(migrationsDir).filter((f) => f < '0016')) {
      copyFileSync(join(migrationsDir, file), join(before, file));
    }
    await migrate(own, before);
    // Lines on both sides of a month boundary, one corrected across it (+ new, − old).
    const line = (
      readingId: string,
      periodStart: string,
      tco2e: number,
      prev?: { start: string; tco2e: number },
    ) => ({
      org_id: 'ORG-1',
      reading_id: readingId,
      meter_id: 'm1',
      source: 'enterprise',
      type: 'electricity',
      scope: 2,
      period_start: periodStart,
      period_end: periodStart.replace(':00:00', ':59:59'),
      month: periodStart.slice(0, 7),
      activity: tco2e * 2,
      tco2e_location: tco2e,
      tco2e_market: tco2e,
      tce: tco2e / 10,
      version: prev ? 2 : 1,
      prev_version: prev ? 1 : 0,
      prev_scope: 2,
      prev_type: 'electricity',
      prev_period_start: prev?.start ?? '1970-01-01 00:00:00',
      prev_tco2e_location: prev?.tco2e ?? 0,
      prev_tco2e_market: prev?.tco2e ?? 0,
      prev_tce: (prev?.tco2e ?? 0) / 10,
      prev_activity: (prev?.tco2e ?? 0) * 2,
    });
    const daily = async () => ({
      emissions: await own.query<{ d: string; t: number; n: string }>(
        rawSql(`SELECT toString(day) AS d, sum(tco2e_location) AS t, sum(lines) AS n
          FROM emissions_daily GROUP BY d HAVING n != 0 ORDER BY d`),
      ),
      meterHours: await own.query<{ d: string; h: string }>(
        rawSql(`SELECT toString(day) AS d, sum(hourly_readings) AS h
          FROM meter_daily GROUP BY d HAVING h != 0 ORDER BY d`),
      ),
    });
    await own.insert('emission_lines', [
      line('r1', '2025-01-31 10:00:00', 1.5),
      line('r2', '2025-02-01 10:00:00', 2.25),
    ]);
    await own.insert('emission_lines', [
      line('r1', '2025-02-01 11:00:00', 4, { start: '2025-01-31 10:00:00', tco2e: 1.5 }),
    ]);
    const old = await daily();
    expect(old).toEqual({
      emissions: [{ d: '2025-02-01', t: 6.25, n: '2' }],
      meterHours: [{ d: '2025-02-01', h: '2' }],
    });

    // Accounts (two versions of one month) and a ledger, as the account processor writes them.
    const account = (version: number, tco2e: number) => ({
      org_id: 'ORG-1',
      month: '2025-02',
      tco2e_location: tco2e,
      by_type: '{}',
      version,
      computed_at: 1_740_000_000 + version,
    });
    await own.insert('monthly_accounts', [account(1, 6.25)]);
    await own.insert('monthly_accounts', [account(2, 6.5)]);
    await own.insert(
      'ledger',
      [1, 2].map((seq) => ({
        org_id: 'ORG-1',
        seq,
        entry_id: `e${seq}`,
        kind: 'issue',
        month: `2025-0${seq}`,
        tco2e: seq / 4,
        previous_hash: `h${seq - 1}`,
        hash: `h${seq}`,
      })),
    );
    const accounts = () =>
      own.query(
        rawSql(
          'SELECT org_id, month, tco2e_location, version FROM monthly_accounts ORDER BY version',
        ),
      );
    const versions = () =>
      own.query(rawSql('SELECT version FROM monthly_account_versions ORDER BY version'));
    const ledger = () =>
      own.query(
        rawSql('SELECT seq, entry_id, tco2e, previous_hash, hash FROM ledger ORDER BY seq'),
      );
    const kept = {
      accounts: await accounts(),
      versions: await versions(),
      ledger: await ledger(),
    };
    expect(kept.accounts).toHaveLength(2);
    expect(kept.versions).toHaveLength(2);
    expect(kept.ledger).toHaveLength(2);

    const { applied } = await migrate(own, migrationsDir);
    expect(applied.map((m) => m.version)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    // 0024: no ledger has followed any version yet (the closer's first sweep hands them over).
    expect(await own.query(rawSql('SELECT * FROM ledger_followed'))).toEqual([]);
    expect(await daily()).toEqual(old);
    expect({
      accounts: await accounts(),
      versions: await versions(),
      ledger: await ledger(),
    }).toEqual(kept);
    for (const table of ['monthly_accounts', 'ledger']) {
      const [create] = await own.query<{ statement: string }>(rawSql(`SHOW CREATE TABLE ${table}`));
      expect(create?.statement).toMatch(/index_granularity = 256/);
    }
    // Accounts written before 0018 read as final, in both tables.
    const provisional = (table: string) =>
      own.query<{ version: string; provisional: number }>(
        rawSql(`SELECT version, provisional FROM ${table} ORDER BY version`),
      );
    expect((await provisional('monthly_accounts')).map((r) => r.provisional)).toEqual([0, 0]);
    // ... and with their baseline unrecorded (-1), which the next version fills in.
    const baselines = (table: string) =>
      own.query<{ version: string; b: number }>(
        rawSql(`SELECT version, baseline_intensity AS b FROM ${table} ORDER BY version`),
      );
    expect((await baselines('monthly_accounts')).map((r) => r.b)).toEqual([-1, -1]);
    // The versions view was put back and copies both columns: a new version is kept there too.
    await own.insert('monthly_accounts', [
      { ...account(3, 7), provisional: 1, baseline_intensity: 2.5 },
    ]);
    expect(
      (await provisional('monthly_account_versions')).map((r) => [
        Number(r.version),
        r.provisional,
      ]),
    ).toEqual([
      [1, 0],
      [2, 0],
      [3, 1],
    ]);
    expect((await baselines('monthly_account_versions')).map((r) => r.b)).toEqual([-1, -1, 2.5]);
    for (const table of ['emissions_daily', 'meter_daily']) {
      const [create] = await own.query<{ statement: string }>(rawSql(`SHOW CREATE TABLE ${table}`));
      expect(create?.statement).toMatch(/PARTITION BY toYear\(day\)/);
      expect(create?.statement).toMatch(/index_granularity = 1024/);
    }
    const leftovers = await own.query<{ name: string }>(
      rawSql(
        "SELECT name FROM system.tables WHERE database = currentDatabase() AND (name LIKE '%_rebuilt' OR name LIKE '%_by_month' OR name LIKE '%_old')",
      ),
    );
    expect(leftovers).toEqual([]);

    // The views were put back: a new line and a correction still reach both tables once.
    await own.insert('emission_lines', [line('r3', '2025-02-01 12:00:00', 0.5)]);
    await own.insert('emission_lines', [
      line('r2', '2025-02-02 10:00:00', 2.25, { start: '2025-02-01 10:00:00', tco2e: 2.25 }),
    ]);
    const after = await own.query<{ day: string; t: number; n: string }>(
      sql`SELECT toString(day) AS day, sum(tco2e_location) AS t, sum(lines) AS n
        FROM emissions_daily WHERE org_id = ${'ORG-1'} GROUP BY day HAVING n != 0 ORDER BY day`,
    );
    expect(after.map((r) => [r.day, r.t, Number(r.n)])).toEqual([
      ['2025-02-01', 6.25 + 0.5 - 2.25, 2],
      ['2025-02-02', 2.25, 1],
    ]);

    // 0025: the views' sums are decimals, exact in any order. In Float64 the first day below
    // (0.1, 0.2, and 0.7 put in, then moved out by a correction) sums to 0.30000000000000004.
    await own.insert('emission_lines', [
      line('r4', '2025-03-01 10:00:00', 0.1),
      line('r5', '2025-03-01 11:00:00', 0.2),
      line('r6', '2025-03-01 12:00:00', 0.7),
    ]);
    await own.insert('emission_lines', [
      line('r6', '2025-03-02 12:00:00', 0.7, { start: '2025-03-01 12:00:00', tco2e: 0.7 }),
    ]);
    const sums = async (from: string) =>
      (
        await own.query<{ t: number; a: number }>(
          rawSql(`SELECT sum(tco2e_location) AS t, sum(activity) AS a FROM ${from}`),
        )
      )[0];
    // A computed figure just below its decimal value is summed as that value, not truncated.
    const computed = 0.14983439999999998;
    await own.insert('emission_lines', [line('r7', '2025-03-03 10:00:00', computed)]);
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(
      await Promise.all([
        sums(
          "emissions_hourly WHERE hour >= toDateTime('2025-03-01 00:00:00') AND hour < toDateTime('2025-03-02 00:00:00')",
        ),
        sums("emissions_daily WHERE day = toDate('2025-03-01')"),
        sums("meter_daily WHERE day = toDate('2025-03-01')"),
        sums("emissions_monthly WHERE month = toDate('2025-03-01')"),
        sums("emissions_daily WHERE day = toDate('2025-03-03')"),
      ]),
    ).toEqual([
      { t: 0.3, a: 0.6 },
      { t: 0.3, a: 0.6 },
      { t: 0.3, a: 0.6 },
      { t: 1.1498344, a: 2.2996688 },
      { t: 0.1498344, a: 0.2996688 },
    ]);
    for (const table of [
      'emissions_hourly',
      'emissions_daily',
      'emissions_monthly',
      'meter_daily',
    ]) {
      const types = await own.query<{ type: string }>(
        rawSql(
          `SELECT type FROM system.columns WHERE database = currentDatabase() AND table = '${table}' AND name IN ('tco2e_location', 'tco2e_market', 'activity')`,
        ),
      );
      expect(types.map((c) => c.type)).toEqual(Array(3).fill('Decimal(38, 12)'));
    }
    await own.close();
  });
});
