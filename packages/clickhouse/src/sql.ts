/**
 * The one way values reach SQL. ClickHouse 18.16 has no server-side query parameters, so
 * every value is rendered as a literal here and nowhere else; identifiers (tables, columns,
 * group-by keys) come only from allow-lists through `identifier`.
 */

export type SqlValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | null
  | undefined
  | readonly SqlValue[]
  | SqlFragment;

/** SQL text that is already safe: built by `sql`, `identifier` or `rawSql`. */
export class SqlFragment {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

// ClickHouse string literal escapes (see "String literals" in its SQL syntax docs).
const escapes: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** Quotes a string as a ClickHouse string literal. */
export function quoteString(value: string): string {
  return `'${value.replace(/[\\'\0\b\f\n\r\t]/g, (c) => escapes[c] ?? c)}'`;
}

/** Formats a DateTime as the server reads it in UTC: 'YYYY-MM-DD hh:mm:ss'. */
export function dateTimeText(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('invalid Date cannot be sent to SQL');
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Renders one value as a SQL literal. */
export function sqlValue(value: SqlValue): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof SqlFragment) return value.text;
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new TypeError(`non-finite number ${value} cannot be sent to SQL`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return `toDateTime(${quoteString(dateTimeText(value))}, 'UTC')`;
  if (Array.isArray(value)) return `[${value.map(sqlValue).join(', ')}]`;
  throw new TypeError(`unsupported SQL value of type ${typeof value}`);
}

/** Tagged template: sql`SELECT * FROM t WHERE org = ${orgId}` with every value formatted. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): SqlFragment {
  let text = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) text += sqlValue(values[i]) + (strings[i + 1] ?? '');
  return new SqlFragment(text);
}

/** Joins fragments or values with a separator, e.g. for IN lists or SELECT lists. */
export function joinSql(parts: readonly SqlValue[], separator = ', '): SqlFragment {
  return new SqlFragment(parts.map(sqlValue).join(separator));
}

/**
 * An identifier that is one of `allowed`. Throws otherwise, so a user-chosen groupBy or
 * sort key can never become arbitrary SQL.
 */
export function identifier<T extends string>(name: string, allowed: readonly T[]): SqlFragment {
  if (!(allowed as readonly string[]).includes(name)) {
    throw new TypeError(`'${name}' is not one of ${allowed.join(', ')}`);
  }
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name))
    throw new TypeError(`'${name}' is not an identifier`);
  return new SqlFragment(name);
}

/** SQL text written by the project itself (never from input). */
export function rawSql(text: string): SqlFragment {
  return new SqlFragment(text);
}
