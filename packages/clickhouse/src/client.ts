import { appendFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { type Columns, type RowBinaryTable, readRowBinary } from './row-binary.js';
import type { SqlFragment } from './sql.js';

export interface ClickHouseOptions {
  url: string;
  database: string;
  /** Seconds before a request is abandoned. */
  requestTimeoutMs?: number;
  /**
   * When set, every statement sent is appended to this file (one JSON line each), so the
   * same SQL can be replayed on a current ClickHouse engine (infra/chdb) — the proof that
   * what runs on 18.16 also runs on current releases.
   */
  sqlLogFile?: string;
  /** Concurrent HTTP connections to the server (the client's default is 10). */
  maxOpenConnections?: number;
}

/**
 * The project's ClickHouse handle: `query` returns rows, `command` runs DDL and mutations,
 * `insert` sends rows as JSONEachRow (no SQL values involved). Statements are SqlFragments
 * so that values can only have come through the formatter.
 */
export interface ClickHouse {
  readonly database: string;
  readonly client: ClickHouseClient;
  query<T = Record<string, unknown>>(statement: SqlFragment): Promise<T[]>;
  command(statement: SqlFragment): Promise<void>;
  /** `queryId` names the INSERT on the server (system.processes), e.g. to wait for it. */
  insert(table: string, rows: readonly object[], opts?: { queryId?: string }): Promise<void>;
  /** Rows already encoded for the table's declared columns (row-binary.ts), as one INSERT. */
  insertRowBinary(
    table: RowBinaryTable<Columns>,
    body: Uint8Array,
    opts?: { queryId?: string },
  ): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createClickHouse(options: ClickHouseOptions): ClickHouse {
  const client = createClient({
    url: options.url,
    database: options.database,
    request_timeout: options.requestTimeoutMs ?? 30_000,
    ...(options.maxOpenConnections !== undefined && {
      max_open_connections: options.maxOpenConnections,
    }),
    // Old servers (18.16) reject settings they do not know, so none are sent by default.
    clickhouse_settings: {},
  });
  const log = (kind: string, text: string) => {
    if (options.sqlLogFile) {
      appendFileSync(
        options.sqlLogFile,
        `${JSON.stringify({ kind, database: options.database, text })}\n`,
      );
    }
  };
  return {
    database: options.database,
    client,
    async query<T>(statement: SqlFragment) {
      log('query', statement.text);
      // One JSON document parsed at once: the client's JSONEachRow reader makes a stream
      // object and a closure per row, several times the cost of the parse itself.
      const result = await client.query({ query: statement.text, format: 'JSON' });
      return (await result.json<T>()).data;
    },
    async command(statement: SqlFragment) {
      log('command', statement.text);
      await client.command({ query: statement.text });
    },
    async insert(table: string, rows: readonly object[], opts = {}) {
      if (rows.length === 0) return;
      log('insert', `INSERT INTO ${table} FORMAT JSONEachRow\n${JSON.stringify(rows[0])}`);
      await client.insert({
        table,
        values: rows as object[],
        format: 'JSONEachRow',
        query_id: opts.queryId,
      });
    },
    async insertRowBinary(table, body, opts = {}) {
      if (body.length === 0) return;
      const columns = Object.keys(table.columns).join(', ');
      if (options.sqlLogFile) {
        // The log is replayed as text: the first row, read back, as JSONEachRow.
        const { row } = readRowBinary(table, body);
        log(
          'insert',
          `INSERT INTO ${table.table} (${columns}) FORMAT JSONEachRow\n${JSON.stringify(row)}`,
        );
      }
      const { stream } = await client.exec({
        query: `INSERT INTO ${table.table} (${columns}) FORMAT RowBinary`,
        values: Readable.from([body]),
        query_id: opts.queryId,
      });
      stream.resume();
      await new Promise<void>((resolve, reject) => {
        stream.once('end', resolve);
        stream.once('error', reject);
      });
    },
    async ping() {
      const result = await client.ping();
      return result.success;
    },
    close: () => client.close(),
  };
}

/** Creates the database if missing, using a client bound to `default`. */
export async function ensureDatabase(url: string, database: string): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
    throw new TypeError(`database name '${database}' must be letters, digits and underscores`);
  }
  const admin = createClient({ url, database: 'default' });
  try {
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  } finally {
    await admin.close();
  }
}
