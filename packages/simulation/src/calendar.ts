import { CHINA_OFFSET_MS } from '@carbon-account/accounting';

/**
 * Time in China Standard Time (UTC+8, no daylight saving): readings are dated in it, load
 * shapes follow its clock, months begin at its midnight. The offset and the month of an
 * instant are the accounting package's.
 */
export { CHINA_OFFSET_MS, chinaMonth } from '@carbon-account/accounting';
export const MINUTE_MS = 60_000;
export const QUARTER_HOUR_MS = 15 * MINUTE_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The simulation's clock step: every period it generates ends on a quarter hour. */
export const TICK_MS = QUARTER_HOUR_MS;

/** 2025-03-01T00:00:00+08:00 */
export function chinaIso(ms: number): string {
  return `${new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

export interface ChinaClock {
  /** 0–23 */
  hour: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** 1–12 */
  month: number;
  dayOfMonth: number;
  minute: number;
}

export function chinaClock(ms: number): ChinaClock {
  const d = new Date(ms + CHINA_OFFSET_MS);
  return {
    hour: d.getUTCHours(),
    weekday: d.getUTCDay(),
    month: d.getUTCMonth() + 1,
    dayOfMonth: d.getUTCDate(),
    minute: d.getUTCMinutes(),
  };
}

/** Midnight (China time) of the first day of the month before the one starting at `monthStartMs`. */
export function previousMonthStart(monthStartMs: number): number {
  const d = new Date(monthStartMs + CHINA_OFFSET_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1) - CHINA_OFFSET_MS;
}

/** Midnight (China time) of the first day of the month that contains `ms`. */
export function monthStartOf(ms: number): number {
  const d = new Date(ms + CHINA_OFFSET_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - CHINA_OFFSET_MS;
}

/** Days in the month that starts at `monthStartMs`. */
export function daysInMonth(monthStartMs: number): number {
  const d = new Date(monthStartMs + CHINA_OFFSET_MS);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/** The first tick strictly after `ms`. */
export function firstTickAfter(ms: number): number {
  return Math.floor(ms / TICK_MS) * TICK_MS + TICK_MS;
}

/** The last tick at or before `ms`: in live mode, the end of the newest period that has ended. */
export function lastTickAtOrBefore(ms: number): number {
  return Math.floor(ms / TICK_MS) * TICK_MS;
}

/** An instant given as ms or as an ISO 8601 string with offset. */
export function toMs(instant: number | string): number {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`"${instant}" is not an instant`);
  return ms;
}
