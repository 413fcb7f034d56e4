import type { EnergyReadingV1Input, OrgOutputV1 } from '@carbon-account/schemas';
import {
  CHINA_OFFSET_MS,
  chinaClock,
  chinaIso,
  chinaMonth,
  DAY_MS,
  daysInMonth,
  firstTickAfter,
  HOUR_MS,
  MINUTE_MS,
  previousMonthStart,
  QUARTER_HOUR_MS,
  TICK_MS,
  toMs,
} from './calendar.js';
import {
  CEMS_CH4_KG_PER_T_CO2,
  type SimulatedEnterprise,
  simulatedEnterprises,
} from './enterprises.js';
import { flawOf, type ReadingFlaw, unitThatDoesNotFit } from './flaws.js';
import { LOAD_SHAPES, SEASONS, weeklyMean } from './load-shapes.js';
import { stringKey, uniform, wobble } from './noise.js';

export type { ReadingFlaw } from './flaws.js';

/**
 * What the simulation produces, in the order of the instants the periods end:
 * - a reading, valid unless `flaw` says otherwise: a `duplicate` is a valid reading sent a
 *   second time (same readingId, same content, counted once downstream); `wrong_unit` and
 *   `negative_quantity` readings must be refused;
 * - a gap: a reading the meter should have sent and did not (never sent; for tests and
 *   data-quality checks);
 * - an org's monthly output report.
 */
export type SimulatedEvent =
  | { kind: 'reading'; reading: EnergyReadingV1Input; flaw?: ReadingFlaw }
  | {
      kind: 'gap';
      orgId: string;
      meterId: string;
      readingId: string;
      periodStart: string;
      periodEnd: string;
    }
  | { kind: 'output'; output: OrgOutputV1 };

export interface SimulationOptions {
  /** How many enterprises (the first n of the seed's sequence). */
  orgCount: number;
  seed: number;
  /** Periods ending after `from` and at or before `to` (ISO 8601 with offset, or ms). */
  from: string | number;
  to: string | number;
  /** Share of readings made deliberately bad (wrong unit, negative, gap, duplicate). Default 0. */
  badShare?: number;
  /** Electricity metering interval of every org; by default a mix (larger orgs mostly 15 min). */
  electricityInterval?: 'mixed' | '15min' | 'hour';
}

// Draw purposes (noise.ts), so no two quantities share a random number.
const NOISE = { reading: 101, day: 102, clearness: 103, output: 104, valueAdded: 105 } as const;
const AVERAGE_MONTH_DAYS = 365.25 / 12;
const HOURS_PER_AVERAGE_MONTH = AVERAGE_MONTH_DAYS * 24;

const round = (value: number, decimals: number) => {
  const k = 10 ** decimals;
  return Math.round(value * k) / k;
};

/** Share of PV peak power produced in the hour starting at `hour` on a clear day (solar noon near 12:40 in Wushan). */
function solarShape(hour: number): number {
  const x = (hour + 0.5 - 6.7) / 12;
  return x > 0 && x < 1 ? 0.7 * Math.sin(Math.PI * x) : 0;
}
const SOLAR_SEASON = [0.55, 0.65, 0.85, 1.0, 1.15, 1.2, 1.45, 1.45, 1.1, 0.85, 0.65, 0.5];

const periodId = (meterId: string, startMs: number) =>
  `${meterId}:${chinaIso(startMs).slice(0, 16)}+08:00`;

interface Tick {
  t: number;
  startIso: Record<number, string>;
  endIso: string;
}

/**
 * The simulated events of `orgCount` enterprises for the periods ending in (from, to],
 * generated lazily: memory stays bounded by the number of orgs, whatever the range. The
 * same options always give the same events, and splitting a range into consecutive
 * windows gives the same events as the whole range.
 */
export function* simulatedEvents(options: SimulationOptions): Generator<SimulatedEvent> {
  const enterprises = simulatedEnterprises(options.orgCount, options.seed);
  yield* eventsOf(enterprises, options);
}

/** simulatedEvents for enterprises already built (the simulator builds them once). */
export function* eventsOf(
  enterprises: readonly SimulatedEnterprise[],
  options: Omit<SimulationOptions, 'orgCount'>,
): Generator<SimulatedEvent> {
  const { seed } = options;
  const badShare = options.badShare ?? 0;
  const fromMs = toMs(options.from);
  const toMsValue = toMs(options.to);
  const shapeMeans = new Map<string, number>();
  for (const e of enterprises) {
    if (!shapeMeans.has(e.industry.load))
      shapeMeans.set(e.industry.load, weeklyMean(LOAD_SHAPES[e.industry.load]));
  }
  const intervalOf = (e: SimulatedEnterprise) => {
    const interval =
      options.electricityInterval && options.electricityInterval !== 'mixed'
        ? options.electricityInterval
        : e.electricityInterval;
    return interval === '15min' ? QUARTER_HOUR_MS : HOUR_MS;
  };

  function* reading(e: SimulatedEnterprise, r: EnergyReadingV1Input): Generator<SimulatedEvent> {
    const flaw = flawOf(seed, e.index, r.meterId, Date.parse(r.periodStart), badShare);
    if (flaw === undefined) {
      yield { kind: 'reading', reading: r };
    } else if (flaw === 'gap') {
      yield {
        kind: 'gap',
        orgId: r.orgId,
        meterId: r.meterId,
        readingId: r.readingId,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
      };
    } else if (flaw === 'duplicate') {
      yield { kind: 'reading', reading: r };
      yield { kind: 'reading', reading: { ...r }, flaw: 'duplicate' };
    } else if (flaw === 'wrong_unit') {
      yield { kind: 'reading', reading: { ...r, unit: unitThatDoesNotFit(r.type) }, flaw };
    } else {
      yield { kind: 'reading', reading: { ...r, quantity: -(r.quantity || 1) }, flaw };
    }
  }

  for (let t = firstTickAfter(fromMs); t <= toMsValue; t += TICK_MS) {
    const tick: Tick = { t, startIso: {}, endIso: chinaIso(t) };
    const startIso = (durationMs: number) => {
      let iso = tick.startIso[durationMs];
      if (iso === undefined) {
        iso = chinaIso(t - durationMs);
        tick.startIso[durationMs] = iso;
      }
      return iso;
    };
    const clock = chinaClock(t - 1);
    const endClock = chinaClock(t);
    const monthIndex = clock.month - 1;
    const localDay = Math.floor((t - 1 + CHINA_OFFSET_MS) / DAY_MS);
    const isHour = t % HOUR_MS === 0;
    const isMidnight = endClock.hour === 0 && endClock.minute === 0;
    const isMonthEnd = isMidnight && endClock.dayOfMonth === 1;

    for (const e of enterprises) {
      const { orgId } = e.org;
      const season = SEASONS[e.industry.season][monthIndex] as number;
      const interval = intervalOf(e);
      if (t % interval === 0) {
        const shape = LOAD_SHAPES[e.industry.load];
        const hourly = clock.weekday === 0 || clock.weekday === 6 ? shape.weekend : shape.weekday;
        const relative =
          (hourly[clock.hour] as number) / (shapeMeans.get(e.industry.load) as number);
        const day = 1 + 0.08 * wobble(seed, e.index, NOISE.day, localDay);
        const kWhThisPeriod =
          (e.monthlyKWh / HOURS_PER_AVERAGE_MONTH) * (interval / HOUR_MS) * season * relative * day;
        for (const meter of e.electricityMeters) {
          const startMs = t - interval;
          const noise =
            1 +
            0.06 *
              wobble(seed, e.index, stringKey(meter.meterId), startMs / MINUTE_MS, NOISE.reading);
          const quantity = round(kWhThisPeriod * meter.share * noise, 2);
          const green = e.greenShare > 0 ? Math.floor(quantity * e.greenShare * 100) / 100 : 0;
          yield* reading(e, {
            readingId: periodId(meter.meterId, startMs),
            orgId,
            meterId: meter.meterId,
            source: interval === QUARTER_HOUR_MS ? 'platform' : 'enterprise',
            type: 'electricity',
            quantity,
            unit: 'kWh',
            periodStart: startIso(interval),
            periodEnd: tick.endIso,
            greenElectricityKWh: green,
          });
        }
      }
      if (isHour && e.pvKw > 0) {
        const sun = solarShape(clock.hour);
        if (sun > 0) {
          const clearness = 0.15 + 0.85 * uniform(seed, e.index, NOISE.clearness, localDay);
          const quantity = round(
            e.pvKw * sun * (SOLAR_SEASON[monthIndex] as number) * clearness,
            2,
          );
          yield* reading(e, {
            readingId: periodId('pv-1', t - HOUR_MS),
            orgId,
            meterId: 'pv-1',
            source: 'enterprise',
            type: 'pv_generation',
            quantity,
            unit: 'kWh',
            periodStart: startIso(HOUR_MS),
            periodEnd: tick.endIso,
          });
        }
      }
      if (isHour && e.cemsMonthlyCo2T > 0) {
        const startMs = t - HOUR_MS;
        const noise =
          1 +
          0.05 * wobble(seed, e.index, stringKey('cems-co2'), startMs / MINUTE_MS, NOISE.reading);
        yield* reading(e, {
          readingId: periodId('cems-1-co2', startMs),
          orgId,
          meterId: 'cems-1',
          source: 'cems',
          type: 'co2',
          quantity: round((e.cemsMonthlyCo2T / HOURS_PER_AVERAGE_MONTH) * season * noise, 3),
          unit: 't',
          periodStart: startIso(HOUR_MS),
          periodEnd: tick.endIso,
        });
      }
      if (isMidnight && e.cemsMonthlyCo2T > 0) {
        const startMs = t - DAY_MS;
        const dailyCo2T = (e.cemsMonthlyCo2T / AVERAGE_MONTH_DAYS) * season;
        const noise =
          1 +
          0.1 * wobble(seed, e.index, stringKey('cems-ch4'), startMs / MINUTE_MS, NOISE.reading);
        yield* reading(e, {
          readingId: periodId('cems-1-ch4', startMs),
          orgId,
          meterId: 'cems-1',
          source: 'cems',
          type: 'ch4',
          quantity: round(dailyCo2T * CEMS_CH4_KG_PER_T_CO2 * noise, 3),
          unit: 'kg',
          periodStart: startIso(DAY_MS),
          periodEnd: tick.endIso,
        });
      }
      if (isMonthEnd) yield* monthEnd(e, t);
    }
  }

  function* monthEnd(e: SimulatedEnterprise, t: number): Generator<SimulatedEvent> {
    const startMs = previousMonthStart(t);
    const monthIndex = chinaClock(startMs).month - 1;
    const days = daysInMonth(startMs);
    const season = (SEASONS[e.industry.season][monthIndex] as number) * (days / AVERAGE_MONTH_DAYS);
    const periodStart = chinaIso(startMs);
    const periodEnd = chinaIso(t);
    for (const { delivery, monthlyQuantity } of e.deliveries) {
      const noise =
        1 +
        0.1 *
          wobble(seed, e.index, stringKey(delivery.meterId), startMs / MINUTE_MS, NOISE.reading);
      const r: EnergyReadingV1Input = {
        readingId: periodId(delivery.meterId, startMs),
        orgId: e.org.orgId,
        meterId: delivery.meterId,
        source: delivery.source,
        type: delivery.type,
        quantity: round(monthlyQuantity * season * noise, delivery.decimals),
        unit: delivery.unit,
        periodStart,
        periodEnd,
      };
      if (delivery.densityKgPerL) r.densityKgPerL = delivery.densityKgPerL;
      if (delivery.steamEnthalpyKJPerKg) r.steamEnthalpyKJPerKg = delivery.steamEnthalpyKJPerKg;
      yield* reading(e, r);
    }
    const valueAdded = Math.round(
      e.monthlyValueAddedCNY *
        season *
        (1 + 0.05 * wobble(seed, e.index, NOISE.valueAdded, startMs / MINUTE_MS)),
    );
    const ratio =
      e.industry.valueAddedRatio *
      (1 + 0.03 * wobble(seed, e.index, NOISE.output, startMs / MINUTE_MS));
    const month = chinaMonth(startMs);
    yield {
      kind: 'output',
      output: {
        orgId: e.org.orgId,
        month,
        outputValueCNY: Math.round(valueAdded / ratio),
        valueAddedCNY: valueAdded,
        reportId: `${month}-v1`,
        reportedAt: periodEnd,
      },
    };
  }
}

/** True for a reading that counts: valid and not a repeat of one already sent. */
export function isCountedReading(
  event: SimulatedEvent,
): event is { kind: 'reading'; reading: EnergyReadingV1Input } {
  return event.kind === 'reading' && event.flaw === undefined;
}

/**
 * The readings the pipeline must count, each once, for the same options as
 * simulatedEvents: what a test recomputes totals from.
 */
export function* countedReadings(options: SimulationOptions): Generator<EnergyReadingV1Input> {
  for (const event of simulatedEvents(options)) if (isCountedReading(event)) yield event.reading;
}

/** The output reports for the same options as simulatedEvents. */
export function* outputReports(options: SimulationOptions): Generator<OrgOutputV1> {
  for (const event of simulatedEvents(options)) if (event.kind === 'output') yield event.output;
}
