// What the ingest bench sends, and how: shared by the bench and the bare producer it forks,
// so both drive the same records the same way.
import type { EnergyReadingV1Input } from '@carbon-account/schemas';
import { testOrgIds, testReadings } from '../src/readings.js';

export const BATCH = 1_000;

/** Distinct readings for every request, `BATCH` each: the same list in every process. */
export function ingestBatches(count: number): EnergyReadingV1Input[][] {
  const perOrg = 1_000;
  const orgs = testOrgIds(Math.ceil((count * BATCH) / perOrg) + 1, 'B');
  const readings = testReadings({
    orgIds: orgs,
    from: '2025-01-01T00:00:00+08:00',
    hours: perOrg,
    seed: 7,
  }).map((r) => ({ ...r, source: 'platform' as const }));
  const batches: EnergyReadingV1Input[][] = [];
  for (let i = 0; i + BATCH <= readings.length && batches.length < count; i += BATCH) {
    batches.push(readings.slice(i, i + BATCH));
  }
  return batches;
}

export interface Driven {
  readings: number;
  seconds: number;
  /** Milliseconds per batch. */
  latencies: number[];
}

/** `clients` loops taking the next batch until none is left; latency per batch. */
export async function drive(
  clients: number,
  indices: readonly number[],
  send: (i: number) => Promise<number>,
): Promise<Driven> {
  const queue = [...indices];
  const latencies: number[] = [];
  let readings = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const t = performance.now();
        const sent = await send(i);
        readings += sent;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { readings, seconds: (performance.now() - start) / 1000, latencies };
}
