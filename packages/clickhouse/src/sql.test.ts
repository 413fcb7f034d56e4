import { describe, expect, it } from 'vitest';
import { identifier, quoteString, sql, sqlValue } from './sql.js';

describe('sql value formatter', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(quoteString("it's")).toBe("'it\\'s'");
    expect(quoteString('a\\b')).toBe("'a\\\\b'");
    expect(quoteString('x\ny\0z')).toBe("'x\\ny\\0z'");
  });
  it('renders numbers, booleans, dates, null and arrays', () => {
    expect(sqlValue(1.5)).toBe('1.5');
    expect(sqlValue(true)).toBe('1');
    expect(sqlValue(null)).toBe('NULL');
    expect(sqlValue(new Date('2025-03-01T00:00:00Z'))).toBe(
      "toDateTime('2025-03-01 00:00:00', 'UTC')",
    );
    expect(sqlValue(['a', 2])).toBe("['a', 2]");
  });
  it('refuses non-finite numbers and invalid dates', () => {
    expect(() => sqlValue(Number.NaN)).toThrow(/non-finite/);
    expect(() => sqlValue(new Date('nope'))).toThrow(/invalid Date/);
  });
  it('formats every interpolated value in a template', () => {
    const org = "x'; DROP TABLE t; --";
    expect(sql`SELECT 1 WHERE org = ${org} AND n = ${3}`.text).toBe(
      "SELECT 1 WHERE org = 'x\\'; DROP TABLE t; --' AND n = 3",
    );
  });
  it('accepts identifiers only from the allow-list', () => {
    expect(identifier('town', ['town', 'industry']).text).toBe('town');
    expect(() => identifier('town; DROP', ['town'])).toThrow(/not one of/);
  });
});
