export { insertInChunks } from './batch-insert.js';
export {
  type ClickHouse,
  type ClickHouseOptions,
  createClickHouse,
  ensureDatabase,
} from './client.js';
export { type Migration, migrate, readMigrations, splitStatements } from './migrations.js';
export {
  dateTimeText,
  identifier,
  joinSql,
  quoteString,
  rawSql,
  SqlFragment,
  type SqlValue,
  sql,
  sqlValue,
} from './sql.js';
