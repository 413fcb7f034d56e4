import { readFileSync } from 'node:fs';
import { describeFieldErrors, fieldErrors, month } from '@carbon-account/schemas';
import { z } from 'zod';
import type { IndustryBenchmark } from './accounts/industry-average.js';

const benchmarksFile = z.object({
  benchmarks: z.array(
    z.object({
      section: z.string().regex(/^[A-T]$/, 'a GB/T 4754 section letter A–T'),
      month: month.optional(),
      intensity: z.number().finite().positive(),
      /** Where the figure comes from, shown beside every grade that used it. */
      source: z.string().min(1),
    }),
  ),
});

/** Configured industry averages (INDUSTRY_BENCHMARKS_FILE); a bad file stops the start with the fields at fault. */
export function readBenchmarksFile(file: string | undefined): IndustryBenchmark[] {
  if (!file) return [];
  const parsed = benchmarksFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `INDUSTRY_BENCHMARKS_FILE ${file}: ${describeFieldErrors(fieldErrors(parsed.error))}`,
    );
  return parsed.data.benchmarks;
}
