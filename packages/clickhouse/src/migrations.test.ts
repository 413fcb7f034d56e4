import { describe, expect, it } from 'vitest';
import { splitStatements } from './migrations.js';

describe('splitStatements', () => {
  it('splits on semicolons at line ends and drops comment lines', () => {
    const text =
      "-- why this table\nCREATE TABLE a (x String) ENGINE = Memory;\n\nCREATE TABLE b (s String DEFAULT 'a;b') ENGINE = Memory;\n";
    expect(splitStatements(text)).toEqual([
      'CREATE TABLE a (x String) ENGINE = Memory',
      "CREATE TABLE b (s String DEFAULT 'a;b') ENGINE = Memory",
    ]);
  });
});
