import { extname } from 'node:path';
import { csvExportItems } from './csv-export.js';
import type { ExportItem } from './export-line.js';
import { jsonlExportItems } from './jsonl-export.js';

export { csvLayout } from './csv-export.js';
export { sniffEncoding } from './encoding.js';
export type { ExportField, ExportItem, ExportLine, LineProblem } from './export-line.js';
export { jsonExportItem } from './jsonl-export.js';
export { type MappedLine, readingOf } from './to-reading.js';
export { beijingInstant, contractUnitOf, energyTypeOf, platformNumber } from './vocabulary.js';

const FORMATS: Record<string, typeof csvExportItems> = {
  '.csv': csvExportItems,
  '.jsonl': jsonlExportItems,
  '.ndjson': jsonlExportItems,
};

/** True for the file names the connector reads (others in the inbox are left alone). */
export function isExportFile(name: string): boolean {
  return !name.startsWith('.') && extname(name).toLowerCase() in FORMATS;
}

/** The lines of an export file, streamed, whatever its format. */
export function exportItems(
  path: string,
  opts: { maxLineChars: number },
): AsyncGenerator<ExportItem> {
  const read = FORMATS[extname(path).toLowerCase()];
  if (!read) throw new Error(`not an export file: ${path}`);
  return read(path, opts);
}
