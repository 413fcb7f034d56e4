/**
 * China Standard Time (UTC+8, no daylight saving): readings are dated in it, and an
 * accounting month begins at its midnight.
 */
export const CHINA_OFFSET_MS = 8 * 3600_000;

/** YYYY-MM of the China-time month an instant (ms) falls in. */
export function chinaMonth(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}

/** YYYY-MM of the month `by` months after `month` (before it when negative). */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

/** The instant (ms) month YYYY-MM begins, China time. */
export function chinaMonthStart(month: string): number {
  return Date.parse(`${month}-01T00:00:00+08:00`);
}
