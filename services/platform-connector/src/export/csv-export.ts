import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { fileEncoding } from './encoding.js';
import type { ExportField, ExportItem, ExportLine } from './export-line.js';
import { folded } from './vocabulary.js';

interface Column {
  field: ExportField;
  /** A quantity column whose header says what it is, e.g. 电量(kWh). */
  kind?: string;
  unit?: string;
}

/** The platform's CSV headers (folded: NFKC, no spaces, lower case). Others are ignored. */
const HEADERS: Record<string, Column> = {
  户号: { field: 'accountNo' },
  用户编号: { field: 'accountNo' },
  表计编号: { field: 'meterNo' },
  表号: { field: 'meterNo' },
  能源类型: { field: 'kind' },
  计量类别: { field: 'kind' },
  抄表起始时间: { field: 'start' },
  起始时间: { field: 'start' },
  抄表截止时间: { field: 'end' },
  截止时间: { field: 'end' },
  用量: { field: 'quantity' },
  计量单位: { field: 'unit' },
  '电量(kwh)': { field: 'quantity', kind: '电', unit: 'kWh' },
  '电量(万kwh)': { field: 'quantity', kind: '电', unit: '万kWh' },
  '气量(m3)': { field: 'quantity', kind: '天然气', unit: 'm3' },
  '气量(万m3)': { field: 'quantity', kind: '天然气', unit: '万m3' },
  '热量(gj)': { field: 'quantity', kind: '热力', unit: 'GJ' },
  '绿电电量(kwh)': { field: 'green' },
};

const REQUIRED: ExportField[] = ['accountNo', 'meterNo', 'start', 'end', 'quantity'];

interface Layout {
  index: Partial<Record<ExportField, number>>;
  labels: Record<ExportField, string>;
  kind?: string;
  unit?: string;
  width: number;
}

/** Where each field is in the header row, or what is missing. */
export function csvLayout(header: readonly string[]): Layout | { missing: string[] } {
  const index: Partial<Record<ExportField, number>> = {};
  const labels = {
    accountNo: '户号',
    meterNo: '表计编号',
    kind: '能源类型',
    start: '抄表起始时间',
    end: '抄表截止时间',
    quantity: '用量',
    unit: '计量单位',
    green: '绿电电量(kWh)',
  } satisfies Record<ExportField, string>;
  let kind: string | undefined;
  let unit: string | undefined;
  header.forEach((cell, i) => {
    const column = HEADERS[folded(cell)];
    if (!column || index[column.field] !== undefined) return;
    index[column.field] = i;
    labels[column.field] = cell.trim();
    if (column.kind) {
      kind = column.kind;
      unit = column.unit;
      labels.kind = cell.trim();
      labels.unit = cell.trim();
    }
  });
  const missing = REQUIRED.filter((f) => index[f] === undefined).map((f) => labels[f]);
  if (kind === undefined && index.kind === undefined) missing.push('能源类型');
  if (unit === undefined && index.unit === undefined) missing.push('计量单位');
  if (missing.length > 0) return { missing };
  return { index, labels, kind, unit, width: header.length };
}

function lineOf(record: readonly string[], layout: Layout): ExportLine {
  const cell = (f: ExportField) => {
    const i = layout.index[f];
    return i === undefined ? '' : (record[i] ?? '');
  };
  return {
    accountNo: cell('accountNo'),
    meterNo: cell('meterNo'),
    kind: layout.kind ?? cell('kind'),
    start: cell('start'),
    end: cell('end'),
    quantity: cell('quantity'),
    unit: layout.unit ?? cell('unit'),
    green: cell('green'),
  };
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/**
 * Streams a platform CSV export (UTF-8 or GBK/GB18030, header row first) line by line.
 * A line csv-parse cannot read (a stray quote, too long) is yielded as a problem at its
 * place in the file and the file goes on; only an unusable header ends it.
 */
export async function* csvExportItems(
  path: string,
  opts: { maxLineChars: number },
): AsyncGenerator<ExportItem> {
  const encoding = await fileEncoding(path);
  const skipped: ExportItem[] = [];
  const parser = parse({
    info: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    max_record_size: opts.maxLineChars,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      skipped.push({
        line: Number(err?.lines ?? 0),
        raw: (raw ?? '').trim(),
        problem: {
          reason: 'unreadable CSV line',
          errors: [{ path: '(line)', message: err?.message ?? 'unreadable' }],
        },
      });
      return undefined;
    },
  });
  const records = pipeline(
    createReadStream(path),
    iconv.decodeStream(encoding),
    parser,
    () => undefined, // errors reach the iteration below
  );
  let layout: Layout | undefined;
  for await (const { record, raw, info } of records as AsyncIterable<ParsedRecord>) {
    const line = info.lines;
    // The parser reads ahead: of the lines it skipped, yield those before this record.
    while (skipped.length > 0 && (skipped[0] as ExportItem).line < line) {
      yield skipped.shift() as ExportItem;
    }
    const text = raw.trim();
    if (!layout) {
      const found = csvLayout(record);
      if ('missing' in found) {
        yield {
          line,
          raw: text,
          fatal: true,
          problem: {
            reason: 'unusable header row',
            errors: [
              { path: '(header)', message: `missing column(s): ${found.missing.join(', ')}` },
            ],
          },
        };
        return;
      }
      layout = found;
      continue;
    }
    if (record.length !== layout.width) {
      yield {
        line,
        raw: text,
        problem: {
          reason: 'malformed export line',
          errors: [
            {
              path: '(line)',
              message: `expected ${layout.width} columns as in the header, got ${record.length}`,
            },
          ],
        },
      };
      continue;
    }
    yield { line, raw: text, fields: lineOf(record, layout), labels: layout.labels };
  }
  while (skipped.length > 0) yield skipped.shift() as ExportItem;
}
