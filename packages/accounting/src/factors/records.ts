import { z } from 'zod';

/**
 * A versioned factor record: one published figure with where it came from. Every emission
 * line names the records it used ({id, version}), so a figure can be traced to its source.
 */
export const factorRecord = z
  .object({
    id: z.string().min(1).max(200),
    version: z.number().int().positive(),
    kind: z.enum(['grid', 'fuel', 'heat', 'gwp', 'tce']),
    /** What the figure is for: grid basis, fuel name, 'purchased_heat', 'AR6:ch4_fossil', tce energy. */
    key: z.string().min(1),
    region: z.string().min(1),
    regionLevel: z.enum(['province', 'grid', 'national', 'program']),
    regionName: z.string().optional(),
    dataYear: z.number().int().min(1990).max(2100).optional(),
    /** Grid and heat: tCO2 per unit; gwp: tCO2e per t of gas; tce: kgce per unit. Fuels derive it from params. */
    value: z.number().finite().positive().nullable().optional(),
    unit: z.string().min(1),
    activityUnit: z.string().optional(),
    params: z
      .object({
        ncvGJPerUnit: z.number().finite().positive(),
        ccTCPerTJ: z.number().finite().positive(),
        oxidationRate: z.number().finite().positive().max(1),
      })
      .optional(),
    source: z.string().min(1),
    published: z.string().optional(),
    confidence: z.string().min(1),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'fuel' && !r.params) {
      ctx.addIssue({
        code: 'custom',
        path: ['params'],
        message: 'a fuel record needs ncvGJPerUnit, ccTCPerTJ and oxidationRate',
      });
    }
    if (r.kind === 'fuel' && !r.activityUnit) {
      ctx.addIssue({
        code: 'custom',
        path: ['activityUnit'],
        message: 'a fuel record needs its activity unit',
      });
    }
    if (r.kind !== 'fuel' && (r.value === undefined || r.value === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `a ${r.kind} record needs a value`,
      });
    }
    if (r.kind === 'grid' && r.dataYear === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['dataYear'],
        message: 'a grid record needs its data year',
      });
    }
  });

export type FactorRecord = z.infer<typeof factorRecord>;

/** How an emission result names a record it used. */
export interface FactorRef {
  id: string;
  version: number;
}

/** The (id, version) an emission line stores for a record, so every figure traces to it. */
export function refOf(record: FactorRecord): FactorRef {
  return { id: record.id, version: record.version };
}

const CSV_NUMBERS = new Set([
  'version',
  'dataYear',
  'value',
  'ncvGJPerUnit',
  'ccTCPerTJ',
  'oxidationRate',
]);

/**
 * Parses factor records given by configuration: JSON (`{ "records": [...] }` or an array)
 * or CSV with a header row (columns named as the record's fields; fuel parameters as
 * ncvGJPerUnit, ccTCPerTJ, oxidationRate). Errors name the record and the field.
 */
export function parseFactorRecords(text: string, format: 'json' | 'csv'): FactorRecord[] {
  const raw: unknown[] = format === 'json' ? jsonRecords(text) : csvRecords(text);
  return raw.map((item, index) => {
    const parsed = factorRecord.safeParse(item);
    if (parsed.success) return parsed.data;
    const id = (item as { id?: unknown })?.id;
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(record)'}: ${i.message}`,
    );
    throw new Error(
      `factor record ${index + 1}${typeof id === 'string' ? ` (${id})` : ''}: ${problems.join('; ')}`,
    );
  });
}

function jsonRecords(text: string): unknown[] {
  const data = JSON.parse(text) as unknown;
  if (Array.isArray(data)) return data;
  const records = (data as { records?: unknown })?.records;
  if (!Array.isArray(records))
    throw new Error('factor file: expected an array or { "records": [...] }');
  return records;
}

// Factor override files are small, hand-written tables without quoted commas; a simple
// split keeps this package free of I/O and parser dependencies.
function csvRecords(text: string): unknown[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  return lines.map((line) => {
    const cells = line.split(',').map((c) => c.trim());
    const row: Record<string, unknown> = {};
    const params: Record<string, number> = {};
    header.forEach((name, i) => {
      const cell = cells[i];
      if (cell === undefined || cell === '') return;
      const value = CSV_NUMBERS.has(name) ? Number(cell) : cell;
      if (name === 'ncvGJPerUnit' || name === 'ccTCPerTJ' || name === 'oxidationRate')
        params[name] = value as number;
      else row[name] = value;
    });
    if (Object.keys(params).length > 0) row.params = params;
    return row;
  });
}
