export { insertInChunks } from './batch-insert.js';
export {
  type ClickHouse,
  type ClickHouseOptions,
  createClickHouse,
  ensureDatabase,
} from './client.js';
export { type Migration, migrate, readMigrations, splitStatements } from './migrations.js';
export {
  type Columns,
  type ColumnType,
  columnMismatches,
  type RowBinaryTable,
  RowBinaryWriter,
  type RowOf,
  readRowBinary,
  rowBinaryTable,
} from './row-binary.js';
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
