import { type ClickHouse, sql } from '@carbon-account/clickhouse';

/**
 * Names every INSERT of one partition's batches (query_id prefix), whoever sends it, so
 * the next batch of that partition can see whether one is still running on the server.
 */
export function partitionWriteTag(database: string, topic: string, partition: number): string {
  return `emissions:${database}:${topic}:${partition}:`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until no INSERT tagged for this partition is running on the server. An INSERT
 * whose client gave up (timeout, SIGKILL, a rebalance that moved the partition) may still
 * land after it; looking up the current versions before it lands would write the same
 * reading version twice and double the views' sums. Throws after `timeoutMs`, so the
 * batch is retried later.
 */
export async function waitForWritesInFlight(
  ch: ClickHouse,
  tag: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1_000)) {
    const [row] = await ch.query<{ running: string | number }>(
      sql`SELECT count() AS running FROM system.processes
        WHERE substring(query_id, 1, ${Buffer.byteLength(tag)}) = ${tag}`,
    );
    if (Number(row?.running ?? 0) === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `an earlier INSERT for ${tag} is still running on ClickHouse after ${timeoutMs} ms; the batch waits for it`,
      );
    }
    await sleep(pause);
  }
}
