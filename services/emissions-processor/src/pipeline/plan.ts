import { lineKey, type StoredLine } from './current-versions.js';
import type { EncodedLine } from './encode.js';

export interface Correction {
  line: EncodedLine;
  previous: { contentHash: string; version: number; tco2eLocation: number };
}

export interface WritePlan {
  /**
   * Reading versions to store, one per key: the newest of the batch when it differs from
   * the stored one. `previous` is the stored line it replaces, whose figures the views
   * take out again.
   */
  toStore: { line: EncodedLine; previous?: StoredLine }[];
  /** Every change of content, in order, each with the version it replaced. */
  corrections: Correction[];
  /** Same content as the version before it: re-deliveries and re-sends, written nowhere. */
  duplicates: number;
  /** Older than the stored version (a late re-delivery of a replaced version): ignored. */
  stale: number;
}

// A batch is one partition, and one key always lands on one partition: Kafka order is
// the true order there. Versions only order against what is already stored.
const byDeliveryOrder = (a: EncodedLine, b: EncodedLine) => a.offset - b.offset;

/**
 * Step 6: decides what to write (lines of one partition). Per reading key, the batch's
 * versions are replayed in delivery order on top of the stored one: older than the current
 * → stale; same content → duplicate; other content → a correction (the newer wins and the
 * change is recorded). Only the last one is stored, so the views count each reading once
 * whatever the batch held. Pure: the same batch and the same stored state always give the
 * same plan, which is what makes a retried batch write nothing twice.
 */
export function planWrites(
  lines: readonly EncodedLine[],
  stored: ReadonlyMap<string, StoredLine>,
): WritePlan {
  const byKey = new Map<string, EncodedLine[]>();
  for (const line of lines) {
    const key = lineKey(line.orgId, line.readingId);
    const list = byKey.get(key);
    if (list) list.push(line);
    else byKey.set(key, [line]);
  }
  const plan: WritePlan = { toStore: [], corrections: [], duplicates: 0, stale: 0 };
  for (const [key, versions] of byKey) {
    const previous = stored.get(key);
    let current: { contentHash: string; version: number; tco2eLocation: number } | undefined =
      previous;
    let newest: EncodedLine | undefined;
    for (const line of versions.sort(byDeliveryOrder)) {
      if (current && line.version < current.version && current === previous) {
        plan.stale++;
        continue;
      }
      if (current?.contentHash === line.contentHash) {
        plan.duplicates++;
        continue;
      }
      if (current) {
        plan.corrections.push({
          line,
          previous: {
            contentHash: current.contentHash,
            version: current.version,
            tco2eLocation: current.tco2eLocation,
          },
        });
      }
      newest = line;
      current = {
        contentHash: line.contentHash,
        version: line.version,
        tco2eLocation: line.tco2eLocation,
      };
    }
    if (newest) plan.toStore.push({ line: newest, previous });
  }
  return plan;
}
