import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClickHouse } from './client.js';
import { rawSql, sql } from './sql.js';

export interface Migration {
  file: string;
  version: number;
  name: string;
  checksum: string;
  statements: string[];
}

const fileName = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Splits a migration file into statements: a statement ends with `;` at the end of a line.
 * `--` comment lines are dropped (old servers reject a request that is only a comment).
 */
export function splitStatements(text: string): string[] {
  const lines = text.split('\n').filter((line) => !line.trim().startsWith('--'));
  return lines
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Reads `NNNN_name.sql` files of a folder in version order. */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = fileName.exec(file);
    if (!match) throw new Error(`migration file '${file}' must be named NNNN_lower_snake.sql`);
    const text = await readFile(join(dir, file), 'utf8');
    migrations.push({
      file,
      version: Number(match[1]),
      name: match[2] ?? file,
      checksum: createHash('sha256').update(text).digest('hex'),
      statements: splitStatements(text),
    });
  }
  const versions = migrations.map((m) => m.version);
  const dup = versions.find((v, i) => versions.indexOf(v) !== i);
  if (dup !== undefined) throw new Error(`two migrations share version ${dup}`);
  return migrations;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in order, and records
 * each. Safe to run twice. An applied migration whose file changed since is an error: a
 * schema that differs between environments is worse than a refused start.
 */
export async function migrate(ch: ClickHouse, dir: string): Promise<{ applied: Migration[] }> {
  await ch.command(
    rawSql(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version UInt32, name String, checksum String, applied_at DateTime
    ) ENGINE = MergeTree ORDER BY version`),
  );
  const done = await ch.query<{ version: number; checksum: string; name: string }>(
    rawSql('SELECT version, checksum, name FROM schema_migrations ORDER BY version'),
  );
  const doneByVersion = new Map(done.map((row) => [Number(row.version), row]));
  const applied: Migration[] = [];
  for (const migration of await readMigrations(dir)) {
    const previous = doneByVersion.get(migration.version);
    if (previous) {
      if (previous.checksum !== migration.checksum) {
        throw new Error(
          `migration ${migration.file} was changed after it was applied; add a new migration instead`,
        );
      }
      continue;
    }
    for (const statement of migration.statements) await ch.command(rawSql(statement));
    await ch.command(
      sql`INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (${migration.version}, ${migration.name}, ${migration.checksum}, now())`,
    );
    applied.push(migration);
  }
  return { applied };
}
