import type { ComputedLine } from './compute.js';
import { lineKey, type StoredLine } from './current-versions.js';

export interface Correction {
  line: ComputedLine;
  previous: { contentHash: string; version: number; tco2eLocation: number };
}

export interface WritePlan {
  /** Reading versions to store: new readings and corrections (latest per key in the batch). */
  toStore: { line: ComputedLine; previous?: StoredLine }[];
  corrections: Correction[];
  /** Already stored with the same content: re-deliveries, written nowhere. */
  duplicates: number;
  /** Older than what is stored (a late re-delivery of a replaced version): ignored. */
  stale: number;
}

/**
 * Step 4: decides what to write. Per reading key, the newest version in the batch is
 * compared with the stored one: none stored → new; same content → duplicate; other
 * content with a higher version → correction (the newer wins and the change is recorded);
 * a lower version → stale. Versions superseded within the batch are corrections too.
 */
export function planWrites(
  lines: readonly ComputedLine[],
  stored: ReadonlyMap<string, StoredLine>,
): WritePlan {
  const latest = new Map<string, ComputedLine>();
  const corrections: Correction[] = [];
  let duplicates = 0;
  for (const line of lines) {
    const key = lineKey(line.reading.orgId, line.reading.readingId);
    const seen = latest.get(key);
    if (!seen) {
      latest.set(key, line);
      continue;
    }
    const [older, newer] = seen.version <= line.version ? [seen, line] : [line, seen];
    latest.set(key, newer);
    if (older.contentHash === newer.contentHash) duplicates++;
    else {
      corrections.push({
        line: newer,
        previous: {
          contentHash: older.contentHash,
          version: older.version,
          tco2eLocation: older.emission.tco2eLocation,
        },
      });
    }
  }
  const toStore: WritePlan['toStore'] = [];
  let stale = 0;
  for (const [key, line] of latest) {
    const previous = stored.get(key);
    if (!previous) toStore.push({ line });
    else if (previous.contentHash === line.contentHash) duplicates++;
    else if (previous.version > line.version) stale++;
    else {
      toStore.push({ line, previous });
      corrections.push({
        line,
        previous: {
          contentHash: previous.contentHash,
          version: previous.version,
          tco2eLocation: previous.tco2eLocation,
        },
      });
    }
  }
  return { toStore, corrections, duplicates, stale };
}
