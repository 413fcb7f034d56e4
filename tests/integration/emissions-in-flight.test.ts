import { type ClickHouse, sql } from '@carbon-account/clickhouse';
import {
  partitionWriteTag,
  waitForWritesInFlight,
} from '@carbon-account/emissions-processor/pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../src/index.js';

// A batch must not look up what is stored while an earlier INSERT of its partition (whose
// client gave up) is still running on the server: it waits for it on the real server.
describe('waiting for a partition’s statements still running on ClickHouse', () => {
  let ch: ClickHouse;
  beforeAll(async () => {
    ch = await freshDatabase({ migrate: false });
  });
  afterAll(async () => {
    await ch?.close();
  });

  it('returns only once the tagged statement has finished, and ignores other partitions', async () => {
    const tag = partitionWriteTag(ch.database, 'energy.readings.v1', 1);
    let finished = false;
    const running = ch.client
      .query({ query: 'SELECT sleep(2) AS s', query_id: `${tag}slow`, format: 'JSONEachRow' })
      .then((r) => r.json())
      .then(() => {
        finished = true;
      });
    const other = partitionWriteTag(ch.database, 'energy.readings.v1', 2);
    // wait until the server lists it, so the check below is not vacuous
    for (let i = 0; i < 100 && !finished; i++) {
      const rows = await ch.query<{ n: string }>(
        sql`SELECT count() AS n FROM system.processes WHERE query_id = ${`${tag}slow`}`,
      );
      if (Number(rows[0]?.n) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitForWritesInFlight(ch, other);
    expect(finished).toBe(false);
    await waitForWritesInFlight(ch, tag);
    expect(finished).toBe(true);
    await running;
  });
});
