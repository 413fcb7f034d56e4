import type { ClickHouse } from '@carbon-account/clickhouse';

export interface AccessLogEntry {
  orgId: string;
  bankId: string;
  keyId: string;
  purpose: string;
  endpoint: string;
  query: string;
}

/**
 * Writes bank access-log entries in groups: a pull waits (at most `flushMs`) for the
 * insert that carries its entry, so no data leaves before its entry is stored, while a
 * busy API makes one insert per window instead of one per request (ClickHouse wants few,
 * larger inserts). The pending group is bounded by `maxRows`.
 */
export function accessLogWriter(ch: ClickHouse, flushMs: number, maxRows = 1000) {
  let pending: { row: object; done: (err?: Error) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = async () => {
    timer = undefined;
    const group = pending;
    pending = [];
    if (group.length === 0) return;
    try {
      await ch.insert(
        'bank_access_log',
        group.map((g) => g.row),
      );
      for (const g of group) g.done();
    } catch (err) {
      for (const g of group) g.done(err as Error);
    }
  };

  return {
    record(entry: AccessLogEntry): Promise<void> {
      return new Promise((resolve, reject) => {
        pending.push({
          row: {
            org_id: entry.orgId,
            bank_id: entry.bankId,
            key_id: entry.keyId,
            purpose: entry.purpose,
            endpoint: entry.endpoint,
            query: entry.query,
            at: Math.floor(Date.now() / 1000),
          },
          done: (err) => (err ? reject(err) : resolve()),
        });
        if (pending.length >= maxRows) void flush();
        else timer ??= setTimeout(() => void flush(), flushMs);
      });
    },
    async close() {
      if (timer) clearTimeout(timer);
      await flush();
    },
  };
}
