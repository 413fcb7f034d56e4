import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import iconv from 'iconv-lite';
import type { ExportField, ExportItem, ExportLine } from './export-line.js';

/** The platform API's field names (pinyin initials of the Chinese column names). */
const JSON_FIELDS: Record<ExportField, string> = {
  accountNo: 'hh',
  meterNo: 'bjbh',
  kind: 'nylx',
  start: 'qssj',
  end: 'jzsj',
  quantity: 'yl',
  unit: 'jldw',
  green: 'ldl',
};

const text = (v: unknown) =>
  typeof v === 'string'
    ? v
    : typeof v === 'number'
      ? String(v)
      : v == null
        ? ''
        : JSON.stringify(v);

/** One JSON line of the platform's export as an item (fields or the problem). */
export function jsonExportItem(line: number, raw: string): ExportItem {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return {
      line,
      raw,
      problem: {
        reason: 'not JSON',
        errors: [{ path: '(line)', message: (err as Error).message }],
      },
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      line,
      raw,
      problem: {
        reason: 'malformed export line',
        errors: [{ path: '(line)', message: 'expected a JSON object per line' }],
      },
    };
  }
  const record = value as Record<string, unknown>;
  const fields = Object.fromEntries(
    (Object.keys(JSON_FIELDS) as ExportField[]).map((f) => [f, text(record[JSON_FIELDS[f]])]),
  ) as unknown as ExportLine;
  return { line, raw, fields, labels: JSON_FIELDS };
}

/**
 * Streams a JSON-lines export one line at a time with bounded memory: a line longer than
 * `maxLineChars` is rejected (its start kept as `raw`) and skipped up to the next newline.
 */
export async function* jsonlExportItems(
  path: string,
  opts: { maxLineChars: number },
): AsyncGenerator<ExportItem> {
  const chunks = pipeline(createReadStream(path), iconv.decodeStream('utf8'), () => undefined);
  let pending = '';
  let line = 0;
  let overlong = false;
  const finish = (raw: string): ExportItem | undefined => {
    line += 1;
    const content = raw.replace(/\r$/, '');
    if (overlong || content.length > opts.maxLineChars) {
      overlong = false;
      return {
        line,
        raw: content.slice(0, 200),
        problem: {
          reason: 'line too long',
          errors: [{ path: '(line)', message: `longer than ${opts.maxLineChars} characters` }],
        },
      };
    }
    return content.trim() === '' ? undefined : jsonExportItem(line, content);
  };
  for await (const chunk of chunks as AsyncIterable<string>) {
    let text = pending + chunk;
    let newline = text.indexOf('\n');
    while (newline >= 0) {
      const item = finish(text.slice(0, newline));
      if (item) yield item;
      text = text.slice(newline + 1);
      newline = text.indexOf('\n');
    }
    if (text.length > opts.maxLineChars) {
      // Keep only the start of a runaway line; the rest is dropped until its newline.
      if (!overlong) pending = text.slice(0, 200);
      overlong = true;
    } else {
      pending = overlong ? pending : text;
    }
  }
  if (pending !== '' || overlong) {
    const item = finish(pending);
    if (item) yield item;
  }
}
