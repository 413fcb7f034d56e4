/**
 * When a month's account stops being provisional. Meter files of a month keep arriving for
 * some days after it ends, and its output report is written in the next month; until the
 * close the account is provisional: it changes as data arrives, which is filling in, not
 * restating, and it earns no carbon credits yet. After the close a change is a restatement
 * and the ledger follows it with an adjust entry.
 */

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The instant (ms) month `YYYY-MM` closes: `closeDays` after its end, China time. */
export function monthClosesAt(month: string, closeDays: number): number {
  const [year, m] = month.split('-').map(Number) as [number, number];
  // Date.UTC rolls month 12 over into January of the next year.
  return Date.UTC(year, m, 1) - CHINA_OFFSET_MS + closeDays * DAY_MS;
}

export const isMonthOpen = (month: string, nowMs: number, closeDays: number) =>
  nowMs < monthClosesAt(month, closeDays);

/** The newest month that is closed at `nowMs`. */
export function lastClosedMonth(nowMs: number, closeDays: number): string {
  const china = new Date(nowMs - closeDays * DAY_MS + CHINA_OFFSET_MS);
  // The month before the one `closeDays` ago (China time) is the last to have ended by then.
  const previous = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() - 1, 1));
  return `${previous.getUTCFullYear()}-${String(previous.getUTCMonth() + 1).padStart(2, '0')}`;
}
