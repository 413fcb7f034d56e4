import type { AccountFigures, AccountRow } from './account-row.js';

/**
 * Figures a reader sees. Sums recomputed from the monthly view can differ in the last bits
 * when parts merge in another order, so numbers are compared to 1e-9 relative: a change
 * below that is float noise, not a restatement.
 */
const NUMERIC: readonly (keyof AccountFigures)[] = [
  'tco2e_location',
  'tco2e_market',
  'scope1_tco2e',
  'scope2_tco2e_location',
  'scope2_tco2e_market',
  'tce',
  'value_added_cny',
  'output_value_cny',
  'intensity_value_added',
  'intensity_output',
  'industry_average_intensity',
  'k',
  'pv_generation_mwh',
];
const EXACT: readonly (keyof AccountFigures)[] = [
  'lines',
  'report_id',
  'has_intensity',
  'band',
  'industry_section',
  'grade',
];

const RELATIVE_TOLERANCE = 1e-9;

export function sameFigure(a: number, b: number): boolean {
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b), 1e-9);
}

const show = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(10))) : `'${v}'`);

function byTypeChanges(before: string, after: string): string[] {
  const parse = (text: string) =>
    (text ? JSON.parse(text) : {}) as Record<string, Record<string, number>>;
  const a = parse(before);
  const b = parse(after);
  const changes: string[] = [];
  for (const type of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[type] ?? {};
    const y = b[type] ?? {};
    for (const field of ['tco2eLocation', 'tco2eMarket', 'tce', 'lines']) {
      const p = x[field] ?? 0;
      const q = y[field] ?? 0;
      if (!sameFigure(p, q)) changes.push(`${type}.${field} ${show(p)} → ${show(q)}`);
    }
  }
  return changes;
}

/**
 * What changed between the published account and a new computation, in words: empty when
 * nothing a reader sees changed (then no new version is written). The words become the
 * restatement note of the new version.
 */
export function accountChanges(previous: AccountFigures, next: AccountFigures): string[] {
  const changes: string[] = [];
  for (const field of EXACT) {
    if (previous[field] !== next[field])
      changes.push(`${field} ${show(previous[field])} → ${show(next[field])}`);
  }
  for (const field of NUMERIC) {
    const before = previous[field] as number;
    const after = next[field] as number;
    if (!sameFigure(before, after)) changes.push(`${field} ${show(before)} → ${show(after)}`);
  }
  changes.push(...byTypeChanges(previous.by_type, next.by_type));
  return changes;
}

/**
 * The row to write for a new computation, or undefined when it changes nothing. While the
 * month is open the account is provisional and a new version only fills it in. Once the
 * month closes, the first version written is final (even with the same figures: it is what
 * tells readers the figures are settled), and any version after a final one replaces
 * settled figures: restated = 1 and the note lists the changes. A month once final stays
 * final, whatever the close setting says later.
 */
export function nextAccountVersion(
  previous: (AccountFigures & { version: number; provisional: number }) | undefined,
  next: AccountFigures,
  clock: { version: number; computedAt: number; monthOpen: boolean },
): AccountRow | undefined {
  const settled = previous !== undefined && previous.provisional === 0;
  const provisional = clock.monthOpen && !settled ? 1 : 0;
  if (!previous)
    return {
      ...next,
      provisional,
      restated: 0,
      restatement_note: '',
      version: clock.version,
      computed_at: clock.computedAt,
    };
  const changes = accountChanges(previous, next);
  const closing = previous.provisional === 1 && provisional === 0;
  if (changes.length === 0 && !closing) return undefined;
  return {
    ...next,
    provisional,
    restated: settled ? 1 : 0,
    restatement_note: settled ? `restated: ${changes.join('; ')}` : '',
    // Above the replaced version even when clocks of two instances disagree.
    version: Math.max(clock.version, previous.version + 1),
    computed_at: clock.computedAt,
  };
}
