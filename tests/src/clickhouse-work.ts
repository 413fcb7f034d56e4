import { type ClickHouse, rawSql, sql } from '@carbon-account/clickhouse';

/** One kind of work the server did for a run: its count, wall seconds and rows read or written. */
export interface ClickHouseWork {
  work: string;
  count: number;
  seconds: number;
  rows: number;
}

export type ClickHouseWorkReport = { work: ClickHouseWork[] } | { unavailable: string };

/**
 * What ClickHouse spent a run's time on, from its own logs: the queries that finished
 * between `from` and `to` (system.query_log, every database: the bench runs nothing else on
 * the server meanwhile), and the parts written and merged in `database` since `from`
 * (system.part_log). Seconds are wall time summed, not CPU; merges run beside the INSERTs.
 * Both logs count in whole seconds, so the second `from` falls in is left out: the
 * migrations just before it stay out, and a service takes longer than that to start.
 * The project's server keeps both logs (infra/clickhouse); another server may not.
 */
export async function clickhouseWork(
  ch: ClickHouse,
  opts: { database: string; from: Date; to: Date },
): Promise<ClickHouseWorkReport> {
  const from = Math.floor(opts.from.getTime() / 1000);
  const to = Math.ceil(opts.to.getTime() / 1000);
  try {
    await ch.command(rawSql('SYSTEM FLUSH LOGS'));
    const queries = await ch.query<Record<string, string | number>>(sql`
      SELECT
        multiIf(
          query LIKE 'INSERT INTO %', concat('INSERT into ', extract(query, '^INSERT INTO ([A-Za-z0-9_]+)')),
          position(query, 'system.processes') > 0, 'check for INSERTs still running',
          position(query, 'argMax(content_hash') > 0, 'lookup of stored versions',
          'other queries') AS work,
        count() AS n,
        sum(query_duration_ms) / 1000 AS seconds,
        sum(read_rows) + sum(written_rows) AS row_count
      FROM system.query_log
      WHERE type = 2 AND event_time > toDateTime(${from}) AND event_time <= toDateTime(${to})
      GROUP BY work`);
    // 18.16 logs the parts a view writes under the name its table was created with; the
    // migrations that rebuilt a view's table created it as <name>_rebuilt, then renamed it.
    const parts = await ch.query<Record<string, string | number>>(sql`
      SELECT toString(event_type) AS kind, replaceRegexpOne(table, '_rebuilt$', '') AS tbl,
        count() AS n, sum(duration_ms) / 1000 AS seconds, sum(rows) AS row_count
      FROM system.part_log
      WHERE database = ${opts.database} AND event_time > toDateTime(${from})
      GROUP BY kind, tbl`);
    const row = (work: string, r: Record<string, string | number>): ClickHouseWork => ({
      work,
      count: Number(r.n),
      seconds: Number(r.seconds),
      rows: Number(r.row_count),
    });
    const work = [
      ...queries.map((r) => row(String(r.work), r)),
      ...parts
        .filter((r) => /merge|new/i.test(String(r.kind)))
        .map((r) =>
          row(
            /merge/i.test(String(r.kind))
              ? `background merges of ${r.tbl}`
              : `parts written for ${r.tbl} (within the INSERTs)`,
            r,
          ),
        ),
    ].sort((a, b) => b.seconds - a.seconds);
    return { work };
  } catch (err) {
    return { unavailable: (err as Error).message.split('\n')[0] ?? String(err) };
  }
}
