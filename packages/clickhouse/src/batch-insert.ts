import type { ClickHouse } from './client.js';

/**
 * Inserts rows in chunks of at most `maxRows`, so one large batch never becomes one
 * unbounded request. Each chunk is one INSERT (one part on the server).
 */
export async function insertInChunks(
  ch: ClickHouse,
  table: string,
  rows: readonly object[],
  maxRows = 50_000,
  opts: { queryIdPrefix?: string } = {},
): Promise<void> {
  for (let i = 0; i < rows.length; i += maxRows) {
    const queryId = opts.queryIdPrefix ? `${opts.queryIdPrefix}${table}:${i}` : undefined;
    await ch.insert(table, rows.slice(i, i + maxRows), { queryId });
  }
}
