import { type ClickHouse, type SqlFragment, sql } from '@carbon-account/clickhouse';
import { isoFromUnix } from './time.js';

/** An org's rejected readings (rejected in [from, to)), newest first, a page at a time. */
export async function rejectionsOf(
  ch: ClickHouse,
  orgId: string,
  from: Date,
  to: Date,
  page: { limit: number; offset: number },
) {
  const where = sql`org_id = ${orgId} AND rejected_at >= ${from} AND rejected_at < ${to}`;
  const [rows, total] = await Promise.all([
    ch.query<Record<string, string>>(
      sql`SELECT reading_id, source, reason, errors, toUnixTimestamp(rejected_at) AS at_s
        FROM rejected_readings FINAL WHERE ${where}
        ORDER BY rejected_at DESC, kafka_partition, kafka_offset LIMIT ${page.offset}, ${page.limit}`,
    ),
    ch.query<{ n: string }>(sql`SELECT count() AS n FROM rejected_readings FINAL WHERE ${where}`),
  ]);
  return {
    total: Number(total[0]?.n ?? 0),
    rejections: rows.map((r) => ({
      readingId: r.reading_id as string,
      source: r.source as string,
      reason: r.reason as string,
      errors: parseJson(r.errors as string),
      rejectedAt: isoFromUnix(r.at_s as string),
    })),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Rejections by reason for a set of orgs (plus, for `withUnknown`, messages naming no valid org). */
export async function rejectionsByReason(
  ch: ClickHouse,
  orgs: SqlFragment,
  from: Date,
  to: Date,
  withUnknown: boolean,
) {
  const who = withUnknown ? sql`(org_id IN (${orgs}) OR org_id = '')` : sql`org_id IN (${orgs})`;
  const rows = await ch.query<{ reason: string; n: string }>(
    sql`SELECT reason, count() AS n FROM rejected_readings FINAL
      WHERE ${who} AND rejected_at >= ${from} AND rejected_at < ${to}
      GROUP BY reason ORDER BY n DESC, reason`,
  );
  return rows.map((r) => ({ reason: r.reason, count: Number(r.n) }));
}
