import { createFactorLibrary } from '@carbon-account/accounting';
import { type ClickHouse, rawSql } from '@carbon-account/clickhouse';
import {
  computeBatch,
  decodeBatch,
  emissionLineRow,
  emissionLinesBody,
  emissionLinesTable,
  encodeReadings,
  readingRow,
  readingsBody,
  readingsTable,
  storedColumnsMatch,
} from '@carbon-account/emissions-processor/pipeline';
import type { ConsumedMessage } from '@carbon-account/kafka';
import { validReading } from '@carbon-account/schemas/test-readings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../src/index.js';

// The processor writes readings and emission_lines as RowBinary, which carries no column
// names: these prove, on the real server, that what it declares is what the migrations
// made, and that its rows arrive as the same values.
describe('RowBinary rows of readings and emission lines on ClickHouse', () => {
  let ch: ClickHouse;
  beforeAll(async () => {
    ch = await freshDatabase();
  });
  afterAll(async () => {
    await ch?.close();
  });

  it('match the columns the migrations made', async () => {
    await expect(storedColumnsMatch(ch)).resolves.toBeUndefined();
  });

  it('refuse to write once a column is changed under them, naming it', async () => {
    const changed = await freshDatabase();
    try {
      await changed.command(rawSql('ALTER TABLE emission_lines MODIFY COLUMN tce Float32'));
      await expect(storedColumnsMatch(changed)).rejects.toThrow(
        /emission_lines\.tce is Float32 on the server, written as Float64/,
      );
    } finally {
      await changed.close();
    }
  });

  it('arrive as the values the rows hold, and the views count them', async () => {
    const readings = [
      { ...validReading(), readingId: 'e1:2025-03-01T00:00:00+08:00', meterId: '电表-01' },
      {
        ...validReading(),
        readingId: `${'long-'.repeat(20)}id`,
        type: 'natural_gas',
        unit: 'm3',
        quantity: 1499,
        greenElectricityKWh: 0,
      },
    ];
    const messages: ConsumedMessage[] = readings.map((r, i) => ({
      topic: 'energy.readings.v1',
      partition: 0,
      offset: String(i + 7),
      key: r.orgId,
      value: Buffer.from(JSON.stringify(r)),
      timestamp: '1764000000000',
    }));
    const { lines } = computeBatch(decodeBatch(messages).decoded, createFactorLibrary());
    expect(lines).toHaveLength(2);
    const now = 1_764_000_000;
    const { rows } = encodeReadings(messages, createFactorLibrary(), {
      emissionsTopic: 'e',
      gwpSet: 'AR6',
      now,
      nowIso: '',
    });
    const toStore = rows.lines.map((line) => ({ line }));
    await ch.insertRowBinary(readingsTable, readingsBody(rows, toStore));
    await ch.insertRowBinary(emissionLinesTable, emissionLinesBody(rows, toStore));

    const stored = await ch.query<Record<string, unknown>>(
      rawSql(`SELECT reading_id, meter_id, quantity, toUnixTimestamp(period_start) AS start,
        version, kafka_offset FROM readings ORDER BY kafka_offset`),
    );
    expect(
      stored.map((r) => [
        r.reading_id,
        r.meter_id,
        r.quantity,
        r.start,
        String(r.version),
        String(r.kafka_offset),
      ]),
    ).toEqual(
      lines.map((l) => {
        const row = readingRow(l, now);
        return [
          row.reading_id,
          row.meter_id,
          row.quantity,
          row.period_start,
          String(row.version),
          String(row.kafka_offset),
        ];
      }),
    );
    const storedLines = await ch.query<Record<string, unknown>>(
      rawSql(`SELECT reading_id, scope, month, tco2e_location, tco2e_market, tce, factor_ids,
        factor_versions, prev_version FROM emission_lines ORDER BY reading_id`),
    );
    expect(storedLines).toEqual(
      lines.map((l) => {
        const row = emissionLineRow(l, 'AR6', now);
        return {
          reading_id: row.reading_id,
          scope: row.scope,
          month: row.month,
          tco2e_location: row.tco2e_location,
          tco2e_market: row.tco2e_market,
          tce: row.tce,
          factor_ids: row.factor_ids,
          factor_versions: row.factor_versions,
          prev_version: '0',
        };
      }),
    );
    const [hourly] = await ch.query<{ lines: string; tco2e: number }>(
      rawSql(
        'SELECT sum(lines) AS lines, toFloat64(sum(tco2e_location)) AS tco2e FROM emissions_hourly',
      ),
    );
    expect(Number(hourly?.lines)).toBe(2);
    const expected = lines.reduce((s, l) => s + l.emission.tco2eLocation, 0);
    expect(Math.abs(Number(hourly?.tco2e) - expected)).toBeLessThan(1e-9 * expected);
  });
});
