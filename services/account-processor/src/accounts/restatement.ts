import type { AccountFigures, AccountRow } from './account-row.js';

/**
 * Figures a reader sees, compared to 1e-9 relative: a change below that is float noise, not
 * a restatement. The monthly view's sums are exact decimals since migration 0025, but an
 * account computed before it rests on Float64 sums that depended on merge order in the
 * last bits, and the ratios computed from the sums are floats.
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
  'baseline_intensity',
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
    // Not recorded before migration 0021: filled in, not changed.
    if (field === 'baseline_intensity' && before === -1) continue;
    if (!sameFigure(before, after)) changes.push(`${field} ${show(before)} → ${show(after)}`);
  }
  changes.push(...byTypeChanges(previous.by_type, next.by_type));
  return changes;
}

/** The newest stored version of an account, and the newest final one if there is one. */
export type StoredAccount = AccountFigures & {
  version: number;
  provisional: number;
  /** Seconds: when this version was written, i.e. when the figures last changed. */
  computed_at: number;
  /**
   * The newest final version's figures, when it is not the newest version itself: another
   * instance's provisional version can land after a final one (a close and a recompute at
   * the same moment). The account stays settled, and changes are told against these.
   */
  lastFinal?: AccountFigures;
};

export interface VersionClock {
  version: number;
  computedAt: number;
  /** The month has closed and this writer is the org's ledger writer (month-close.ts). */
  mayFinalize: boolean;
  /** Seconds: a provisional account unchanged since then (or before) has settled. */
  settledBefore: number;
}

/**
 * The row to write for a new computation, or undefined when it changes nothing.
 *
 * Until an account is final it is provisional and a new version only fills it in: while
 * its month is open, and after the close for as long as its figures keep changing, as
 * when a month's history is loaded after the month has closed. It becomes final when its
 * ledger writer recomputes it after the close and finds it unchanged since
 * `settledBefore`: that final version (with the same figures) is what tells readers the
 * figures are settled, and it is what credits are issued on.
 *
 * After a final version any change replaces settled figures: restated = 1 and the note
 * lists the changes against the last final figures. A month once final stays final,
 * whatever the close setting says later.
 */
export function nextAccountVersion(
  previous: StoredAccount | undefined,
  next: AccountFigures,
  clock: VersionClock,
): AccountRow | undefined {
  const row = (provisional: number, note: string) => ({
    ...next,
    provisional,
    restated: note ? 1 : 0,
    restatement_note: note,
    // Above the replaced version even when clocks of two instances disagree.
    version: Math.max(clock.version, (previous?.version ?? 0) + 1),
    computed_at: clock.computedAt,
  });
  if (!previous) return row(1, '');
  const final = previous.lastFinal ?? (previous.provisional === 0 ? previous : undefined);
  if (final) {
    const changes = accountChanges(final, next);
    if (changes.length > 0) return row(0, `restated: ${changes.join('; ')}`);
    // Back to the final figures over a provisional version written after them.
    return previous.provisional === 1 ? row(0, '') : undefined;
  }
  if (accountChanges(previous, next).length > 0) return row(1, '');
  const settled = clock.mayFinalize && previous.computed_at <= clock.settledBefore;
  return settled ? row(0, '') : undefined;
}
