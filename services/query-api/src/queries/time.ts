import { CHINA_OFFSET_MS, chinaMonth, shiftMonth } from '@carbon-account/accounting';
import { queryApi } from '@carbon-account/schemas';

export { shiftMonth };

/** The China-time calendar day (YYYY-MM-DD) an instant falls on. */
export const chinaDay = (d: Date) =>
  new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/**
 * The China-time days a [from, to) range touches, as [firstDay, endDay) for Date
 * columns: a range that ends inside a day includes that day.
 */
export function dayRange(from: string, to: string): { fromDay: string; toDay: string } {
  const start = queryApi.instantOf(from);
  const end = queryApi.instantOf(to);
  return { fromDay: chinaDay(start), toDay: nextDay(chinaDay(new Date(end.getTime() - 1))) };
}

export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export const monthStart = (month: string) => `${month}-01`;

export const isMonthStart = (day: string) => day.endsWith('-01');

/** Whole days between two YYYY-MM-DD. */
export const daysBetween = (fromDay: string, toDay: string) =>
  Math.round((Date.parse(toDay) - Date.parse(fromDay)) / 86_400_000);

/** The last complete month in China time. */
export const lastCompleteMonth = (now = new Date()) => shiftMonth(chinaMonth(now.getTime()), -1);

/** Date parameter → ISO instant (UTC) for the answer. */
export const isoInstant = (value: string) => queryApi.instantOf(value).toISOString();

export const isoFromUnix = (seconds: number | string) =>
  new Date(Number(seconds) * 1000).toISOString();
