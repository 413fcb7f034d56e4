import { createFactorLibrary, emissionOf } from '@carbon-account/accounting';
import { type ClickHouse, rawSql } from '@carbon-account/clickhouse';
import { consumerGroupLag, createDurableProducer, type TopicNames } from '@carbon-account/kafka';
import {
  type EnergyReadingV1Input,
  energyReadingV1,
  type OrgOutputV1,
} from '@carbon-account/schemas';
import type { Kafka } from 'kafkajs';
import { eventually } from './service-process.js';

export interface MonthTotals {
  location: number;
  market: number;
  tce: number;
  lines: number;
}

const monthOf = (periodStart: string) =>
  new Date(Date.parse(periodStart) + 8 * 3600_000).toISOString().slice(0, 7);

/**
 * Per org and month, what the pipeline must arrive at, computed here independently with
 * packages/accounting from the readings as sent (the last version of each readingId wins).
 */
export function expectedMonthlyTotals(
  readings: readonly EnergyReadingV1Input[],
): Map<string, MonthTotals> {
  const library = createFactorLibrary();
  const latest = new Map<string, EnergyReadingV1Input>();
  for (const r of readings) latest.set(`${r.orgId}|${r.readingId}`, r);
  const totals = new Map<string, MonthTotals>();
  for (const input of latest.values()) {
    const parsed = energyReadingV1.safeParse(input);
    if (!parsed.success) continue;
    const e = emissionOf(parsed.data, library);
    const key = `${input.orgId}|${monthOf(input.periodStart)}`;
    const t = totals.get(key) ?? { location: 0, market: 0, tce: 0, lines: 0 };
    t.location += e.tco2eLocation;
    t.market += e.tco2eMarket;
    t.tce += e.tce;
    t.lines += 1;
    totals.set(key, t);
  }
  return totals;
}

/** Per org and month from the monthly view the API reads. */
export async function storedMonthlyTotals(ch: ClickHouse): Promise<Map<string, MonthTotals>> {
  const rows = await ch.query<Record<string, string | number>>(
    rawSql(`SELECT org_id, formatDateTime(month, '%Y-%m') AS m, sum(tco2e_location) AS location,
      sum(tco2e_market) AS market, sum(tce) AS tce, sum(lines) AS lines
      FROM emissions_monthly GROUP BY org_id, m HAVING lines != 0`),
  );
  return new Map(
    rows.map((r) => [
      `${r.org_id}|${r.m}`,
      {
        location: Number(r.location),
        market: Number(r.market),
        tce: Number(r.tce),
        lines: Number(r.lines),
      },
    ]),
  );
}

/** Per org and month from the lines themselves, collapsed by argMax (the provenance path). */
export async function collapsedLineTotals(ch: ClickHouse): Promise<Map<string, MonthTotals>> {
  const rows = await ch.query<Record<string, string | number>>(
    rawSql(`SELECT org_id, m, sum(loc) AS location, sum(mkt) AS market, sum(t) AS tce, count() AS lines FROM (
      SELECT org_id, reading_id, argMax(month, version) AS m, argMax(tco2e_location, version) AS loc,
        argMax(tco2e_market, version) AS mkt, argMax(tce, version) AS t
      FROM emission_lines GROUP BY org_id, reading_id) GROUP BY org_id, m`),
  );
  return new Map(
    rows.map((r) => [
      `${r.org_id}|${r.m}`,
      {
        location: Number(r.location),
        market: Number(r.market),
        tce: Number(r.tce),
        lines: Number(r.lines),
      },
    ]),
  );
}

/** Differences beyond 1e-9 relative, as readable lines (empty when all agree). */
export function totalsDiff(
  expected: Map<string, MonthTotals>,
  actual: Map<string, MonthTotals>,
): string[] {
  const problems: string[] = [];
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  for (const [key, e] of expected) {
    const a = actual.get(key);
    if (!a) {
      problems.push(`${key}: missing`);
      continue;
    }
    for (const f of ['location', 'market', 'tce'] as const) {
      if (rel(a[f], e[f]) > 1e-9) problems.push(`${key} ${f}: ${a[f]} ≠ ${e[f]}`);
    }
    if (a.lines !== e.lines) problems.push(`${key} lines: ${a.lines} ≠ ${e.lines}`);
  }
  for (const key of actual.keys()) if (!expected.has(key)) problems.push(`${key}: unexpected`);
  return problems;
}

/** A contract message keyed by its orgId, or raw text under a given key (poison tests). */
type Keyed = { orgId: string } | { raw: string; key: string };

async function produceKeyed(kafka: Kafka, topic: string, items: readonly Keyed[]) {
  const producer = await createDurableProducer(kafka);
  try {
    for (let i = 0; i < items.length; i += 5000) {
      await producer.send(
        items
          .slice(i, i + 5000)
          .map((m) =>
            'raw' in m
              ? { topic, key: m.key, value: m.raw }
              : { topic, key: m.orgId, value: JSON.stringify(m) },
          ),
      );
    }
  } finally {
    await producer.disconnect();
  }
}

/** Produces readings (or raw strings) keyed by orgId, in batches. */
export const produceReadings = (
  kafka: Kafka,
  topics: TopicNames,
  items: readonly (EnergyReadingV1Input | { raw: string; key: string })[],
) => produceKeyed(kafka, topics.readings, items);

/** Produces output reports (or raw strings) keyed by orgId, in batches. */
export const produceOutputs = (
  kafka: Kafka,
  topics: TopicNames,
  items: readonly (OrgOutputV1 | { raw: string; key: string })[],
) => produceKeyed(kafka, topics.outputs, items);

/** Rows of `table` matching `where`. */
export async function rowCount(ch: ClickHouse, table: string, where = '1'): Promise<number> {
  const [row] = await ch.query<{ n: string }>(
    rawSql(`SELECT count() AS n FROM ${table} WHERE ${where}`),
  );
  return Number(row?.n);
}

/** True when the consumer group has committed up to the end of every partition of the topic. */
export async function caughtUp(kafka: Kafka, groupId: string, topic: string): Promise<boolean> {
  return (await consumerGroupLag(kafka, groupId, topic)).every((p) => p.lag === 0);
}

/**
 * Waits until both processors have committed everything produced so far: the emissions
 * processor on the readings, the account processor on the emission lines and the outputs.
 */
export function processorsCaughtUp(
  kafka: Kafka,
  topics: TopicNames,
  groups: { emissions: string; accounts: string },
  timeoutMs = 240_000,
): Promise<void> {
  return eventually(
    'both processors to catch up',
    async () =>
      (await caughtUp(kafka, groups.emissions, topics.readings)) &&
      (await caughtUp(kafka, groups.accounts, topics.emissions)) &&
      (await caughtUp(kafka, groups.accounts, topics.outputs)),
    timeoutMs,
  );
}
