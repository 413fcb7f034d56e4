import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BodyError } from './body-error.js';
import { decodeCsv, itemsFromCsv } from './csv.js';

const columns = { known: ['readingId', 'unit', 'quantity', 'meterId'], numeric: ['quantity'] };
const text = 'readingId,meterId,unit,quantity\nr1,电表-1,kWh,12.5\nr2,电表-2,kWh,"1,250"\n';

describe('decodeCsv', () => {
  it('reads UTF-8, with or without the BOM spreadsheets write', () => {
    expect(decodeCsv(Buffer.from(text)).text).toBe(text);
    expect(decodeCsv(Buffer.from(`\ufeff${text}`))).toEqual({ text, charset: 'utf-8' });
  });
  it('detects GBK when the bytes are not UTF-8', () => {
    expect(decodeCsv(iconv.encode(text, 'gbk'))).toEqual({ text, charset: 'gb18030' });
  });
  it('takes the charset of the Content-Type and refuses one it does not know', () => {
    expect(decodeCsv(iconv.encode(text, 'gb18030'), 'GB18030').text).toBe(text);
    expect(() => decodeCsv(Buffer.from(text), 'ebcdic-xx')).toThrow(/charset 'ebcdic-xx'/);
  });
});

describe('itemsFromCsv', () => {
  it('makes one item per row, numbers in numeric columns, lines counted from the header', () => {
    const items = itemsFromCsv(text, columns);
    expect(items.map((i) => [i.index, i.line, i.value])).toEqual([
      [0, 2, { readingId: 'r1', meterId: '电表-1', unit: 'kWh', quantity: 12.5 }],
      // a thousands separator is not a number: the schema will say what came
      [1, 3, { readingId: 'r2', meterId: '电表-2', unit: 'kWh', quantity: '1,250' }],
    ]);
    expect(items[0]?.text).toBe('r1,电表-1,kWh,12.5');
  });
  it('leaves empty cells out and reports rows of the wrong width as unreadable items', () => {
    const items = itemsFromCsv('readingId,unit,quantity\r\nr1,,3\r\nr2,kWh\r\n', columns);
    expect(items[0]?.value).toEqual({ readingId: 'r1', quantity: 3 });
    expect(items[1]?.unreadable).toEqual([
      { path: '(item)', message: 'line 3 has 2 cells, the header has 3' },
    ]);
  });
  it('refuses a header naming an unknown column, and too many rows', () => {
    expect(() => itemsFromCsv('readingId,quanity\nr1,2\n', columns)).toThrow(
      /unknown column\(s\) 'quanity'/,
    );
    const many = `readingId\n${'r\n'.repeat(10_001)}`;
    try {
      itemsFromCsv(many, columns);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BodyError);
      expect((err as BodyError).statusCode).toBe(413);
    }
  });
});
