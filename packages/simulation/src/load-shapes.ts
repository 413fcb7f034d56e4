/**
 * Relative electricity demand by hour of the day (China time), on weekdays and at
 * weekends, for the ways the simulated industries work. Values are relative; the
 * generator divides by the weekly mean so a shape never changes an org's monthly total.
 */
export interface LoadShape {
  weekday: readonly number[];
  weekend: readonly number[];
}

const hours = (f: (h: number) => number) => Array.from({ length: 24 }, (_, h) => f(h));
const scaled = (base: readonly number[], k: number) => base.map((v) => v * k);

/** Kilns and servers run around the clock; a little more by day (offices, lighting). */
const continuous = hours((h) => (h >= 8 && h < 20 ? 1.05 : 0.94));

/** One day shift, 8:00–18:00 with a lunch break, a little lighting and cold storage at night. */
const oneShift = hours((h) => {
  if (h >= 8 && h < 12) return 1;
  if (h === 12) return 0.75;
  if (h >= 13 && h < 18) return 1;
  if (h === 7 || h === 18) return 0.55;
  if (h >= 19 && h < 21) return 0.35;
  return 0.2;
});

/** Two shifts, 6:00–22:00. */
const twoShifts = hours((h) => (h >= 6 && h < 22 ? 1 : h === 22 || h === 5 ? 0.6 : 0.35));

/** Hotels: breakfast, a quiet afternoon, the evening peak when guests are in. */
const hotel = hours((h) => {
  if (h < 6) return 0.45;
  if (h < 10) return 0.8;
  if (h < 17) return 0.6;
  if (h < 23) return 1;
  return 0.7;
});

/** Warehouses and depots: loading by day, charging and lighting into the evening. */
const depot = hours((h) => (h >= 7 && h < 19 ? 1 : h >= 19 && h < 22 ? 0.6 : 0.3));

export const LOAD_SHAPES = {
  continuous: { weekday: continuous, weekend: scaled(continuous, 0.97) },
  oneShift: { weekday: oneShift, weekend: scaled(oneShift, 0.35) },
  twoShifts: { weekday: twoShifts, weekend: scaled(twoShifts, 0.6) },
  hotel: { weekday: hotel, weekend: scaled(hotel, 1.2) },
  depot: { weekday: depot, weekend: scaled(depot, 0.7) },
} satisfies Record<string, LoadShape>;

export type LoadShapeName = keyof typeof LOAD_SHAPES;

/** Mean of a shape over a week (5 weekdays, 2 weekend days). */
export function weeklyMean(shape: LoadShape): number {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  return (5 * sum(shape.weekday) + 2 * sum(shape.weekend)) / (7 * 24);
}

/**
 * Relative activity by month (January first). Production and value added follow the
 * same season, so the season moves totals, not intensity.
 */
const season = (values: number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.map((v) => v / mean);
};

export const SEASONS = {
  flat: season([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
  /** Wushan crisp plums are picked in July and August; processing follows the harvest. */
  harvest: season([0.6, 0.55, 0.65, 0.75, 0.85, 1.1, 1.7, 1.6, 1.15, 0.9, 0.8, 0.7]),
  /** Construction slows at the Spring Festival and in the hottest, rainiest weeks. */
  construction: season([0.9, 0.6, 1.05, 1.1, 1.1, 1.0, 0.9, 0.95, 1.05, 1.1, 1.15, 1.05]),
  /** Three Gorges tourism: summer holidays and the red leaves of November. */
  tourism: season([0.7, 0.9, 0.85, 1.0, 1.05, 1.0, 1.25, 1.3, 1.0, 1.15, 1.2, 0.75]),
  /** Air conditioning in Chongqing's summers, some heating in winter. */
  cooling: season([1.05, 1.0, 0.92, 0.92, 1.0, 1.12, 1.28, 1.3, 1.1, 0.95, 0.92, 1.02]),
} satisfies Record<string, number[]>;

export type SeasonName = keyof typeof SEASONS;
