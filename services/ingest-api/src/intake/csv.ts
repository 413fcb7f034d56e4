import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { BodyError } from './body-error.js';
import { checkCount, type RawItem } from './items.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a CSV body. The charset of the Content-Type wins; without one, a body that
 * is valid UTF-8 is UTF-8 and anything else is GB18030 (a superset of GBK and GB2312),
 * which is what Chinese spreadsheet software writes when it saves "CSV".
 */
export function decodeCsv(body: Buffer, charset?: string): { text: string; charset: string } {
  if (charset) {
    const name = charset.trim().toLowerCase();
    if (!iconv.encodingExists(name)) {
      throw new BodyError(
        415,
        'unsupported_charset',
        `charset '${charset}' is not supported: send UTF-8, GBK or GB18030`,
      );
    }
    return { text: stripBom(iconv.decode(body, name)), charset: name };
  }
  try {
    return { text: stripBom(utf8.decode(body)), charset: 'utf-8' };
  } catch {
    return { text: iconv.decode(body, 'gb18030'), charset: 'gb18030' };
  }
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

export interface CsvColumns {
  /** Every column the header may name. */
  known: readonly string[];
  /** Columns whose cells are numbers. */
  numeric: readonly string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as the item's value: empty is absent; a numeric column's number is a number. */
function cellValue(cell: string, numeric: boolean): unknown {
  if (cell === '') return undefined;
  if (numeric && NUMBER.test(cell)) return Number(cell);
  return cell;
}

/**
 * CSV with a header row naming the fields; every later row is one item. A header naming a
 * field that does not exist fails the whole request (every row would be wrong); a row of
 * the wrong width is one unreadable item.
 */
export function itemsFromCsv(text: string, columns: CsvColumns): RawItem[] {
  let rows: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    rows = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      raw: true,
      info: true,
    }) as never;
  } catch (err) {
    throw new BodyError(
      400,
      'invalid_csv',
      `the body is not readable CSV: ${(err as Error).message}`,
    );
  }
  const [head, ...data] = rows;
  if (!head) throw new BodyError(400, 'invalid_csv', 'the CSV is empty: expected a header row');
  const header = head.record;
  const unknown = header.filter((name) => !columns.known.includes(name));
  if (unknown.length > 0) {
    throw new BodyError(
      400,
      'invalid_csv_header',
      `unknown column(s) ${unknown.map((c) => `'${c}'`).join(', ')} in the header row; columns are ${columns.known.join(', ')}`,
    );
  }
  checkCount(data.length);
  const numeric = header.map((name) => columns.numeric.includes(name));
  return data.map((row, index) => {
    const line = row.info.lines;
    const text = row.raw.replace(/\r?\n$/, '');
    if (row.record.length !== header.length) {
      return {
        index,
        line,
        text,
        unreadable: [
          {
            path: '(item)',
            message: `line ${line} has ${row.record.length} cells, the header has ${header.length}`,
          },
        ],
      };
    }
    const value: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const cell = cellValue(row.record[i] as string, numeric[i] as boolean);
      if (cell !== undefined) value[name] = cell;
    });
    return { index, line, value, text };
  });
}
