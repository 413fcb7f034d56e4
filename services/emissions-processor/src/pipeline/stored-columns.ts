import { type ClickHouse, columnMismatches, sql } from '@carbon-account/clickhouse';
import { emissionLinesTable, readingsTable } from './tables.js';

const checked = new WeakMap<ClickHouse, Promise<void>>();

/**
 * Resolves once the server's readings and emission_lines have every column this processor
 * writes, with the type it writes (RowBinary rows carry no names: a column changed by a
 * migration would otherwise take another column's bytes). Throws naming each difference,
 * so the batch waits and retries like any failed store, writing nothing. Asked once per
 * server handle, and again after a failure.
 */
export function storedColumnsMatch(ch: ClickHouse): Promise<void> {
  let check = checked.get(ch);
  if (!check) {
    check = (async () => {
      const columns = await ch.query<{ table: string; name: string; type: string }>(sql`
        SELECT table, name, type FROM system.columns
        WHERE database = ${ch.database} AND table IN ('readings', 'emission_lines')`);
      const problems = [readingsTable, emissionLinesTable].flatMap((t) =>
        columnMismatches(
          t,
          columns.filter((c) => c.table === t.table),
        ),
      );
      if (problems.length > 0) {
        throw new Error(
          `the tables differ from what this processor writes: ${problems.join('; ')}. Apply the migrations in schemas/clickhouse, or run the processor that matches them`,
        );
      }
    })();
    checked.set(ch, check);
    check.catch(() => checked.delete(ch));
  }
  return check;
}
