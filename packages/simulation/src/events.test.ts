import {
  createFactorLibrary,
  EmissionError,
  emissionOf,
  usccRegionCode,
} from '@carbon-account/accounting';
import { energyReadingV1, orgOutputV1 } from '@carbon-account/schemas';
import { describe, expect, it } from 'vitest';
import { chinaClock } from './calendar.js';
import { simulatedEnterprises } from './enterprises.js';
import {
  countedReadings,
  isCountedReading,
  type SimulatedEvent,
  simulatedEvents,
} from './events.js';

const library = createFactorLibrary();
const JAN = '2025-01-01T00:00:00+08:00';
const FEB = '2025-02-01T00:00:00+08:00';
const APR = '2025-04-01T00:00:00+08:00';

describe('simulated events', () => {
  it('are valid by the contract and computable by the accounting core, over a large sample', {
    timeout: 60_000,
  }, () => {
    let readings = 0;
    let outputs = 0;
    for (const event of simulatedEvents({ orgCount: 60, seed: 3, from: JAN, to: FEB })) {
      if (event.kind === 'output') {
        expect(orgOutputV1.safeParse(event.output).success).toBe(true);
        outputs++;
      } else if (event.kind === 'reading') {
        const parsed = energyReadingV1.safeParse(event.reading);
        if (!parsed.success) throw new Error(`${JSON.stringify(event.reading)}: ${parsed.error}`);
        const result = emissionOf(parsed.data, library);
        expect(Number.isFinite(result.tco2eLocation)).toBe(true);
        expect(result.tco2eMarket).toBeGreaterThanOrEqual(0);
        readings++;
      }
    }
    expect(readings).toBeGreaterThan(150_000);
    expect(outputs).toBe(60);
  });

  it('are the same for the same seed, and consecutive windows give the same events as the whole range', {
    timeout: 60_000,
  }, () => {
    const options = { orgCount: 12, seed: 9, badShare: 0.05 };
    const whole = [...simulatedEvents({ ...options, from: JAN, to: '2025-02-03T00:00:00+08:00' })];
    expect([
      ...simulatedEvents({ ...options, from: JAN, to: '2025-02-03T00:00:00+08:00' }),
    ]).toEqual(whole);
    const split = [
      ...simulatedEvents({ ...options, from: JAN, to: '2025-01-17T13:45:00+08:00' }),
      ...simulatedEvents({ ...options, from: '2025-01-17T13:45:00+08:00', to: FEB }),
      ...simulatedEvents({ ...options, from: FEB, to: '2025-02-03T00:00:00+08:00' }),
    ];
    expect(split).toEqual(whole);
    const otherSeed = [
      ...simulatedEvents({ ...options, seed: 10, from: JAN, to: '2025-01-02T00:00:00+08:00' }),
    ];
    expect(otherSeed).not.toEqual(whole.slice(0, otherSeed.length));
  });

  it('cover every period of the range once per meter, ending after from and at or before to', {
    timeout: 60_000,
  }, () => {
    const from = '2025-03-10T08:00:00+08:00';
    const to = '2025-03-11T08:00:00+08:00';
    const seen = new Set<string>();
    for (const r of countedReadings({ orgCount: 10, seed: 5, from, to })) {
      const key = `${r.orgId}/${r.readingId}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(Date.parse(r.periodEnd)).toBeGreaterThan(Date.parse(from));
      expect(Date.parse(r.periodEnd)).toBeLessThanOrEqual(Date.parse(to));
    }
    const enterprises = simulatedEnterprises(10, 5);
    for (const e of enterprises) {
      const perDay = e.electricityInterval === '15min' ? 96 : 24;
      for (const meter of e.electricityMeters) {
        const count = [...seen].filter((k) =>
          k.startsWith(`${e.org.orgId}/${meter.meterId}:`),
        ).length;
        expect(count).toBe(perDay);
      }
    }
  });

  it('follow day/night, weekday and industry shapes', { timeout: 60_000 }, () => {
    const enterprises = simulatedEnterprises(9, 1);
    const byOrg = new Map(enterprises.map((e) => [e.org.orgId, e]));
    const sums = new Map<string, number>();
    const add = (key: string, value: number) => sums.set(key, (sums.get(key) ?? 0) + value);
    for (const r of countedReadings({
      orgCount: 9,
      seed: 1,
      from: '2025-03-02T00:00:00+08:00',
      to: '2025-03-30T00:00:00+08:00',
      electricityInterval: 'hour',
    })) {
      const e = byOrg.get(r.orgId);
      if (!e) throw new Error('unknown org');
      const clock = chinaClock(Date.parse(r.periodStart));
      const dayKind = clock.weekday === 0 || clock.weekday === 6 ? 'weekend' : 'weekday';
      if (r.type === 'electricity' && r.meterId === 'elec-1') {
        add(`${e.industry.key}/${dayKind}/${clock.hour}`, r.quantity);
      }
      if (r.type === 'pv_generation') add(`pv/${clock.hour}`, r.quantity);
    }
    const at = (key: string) => sums.get(key) ?? 0;
    // One day shift: a weekday morning draws several times the night; weekends are quieter (4 weekend days vs 20 weekdays).
    expect(at('fruit_processing/weekday/10')).toBeGreaterThan(3 * at('fruit_processing/weekday/2'));
    expect(at('fruit_processing/weekend/10') / 8).toBeLessThan(
      at('fruit_processing/weekday/10') / 20,
    );
    // Hotels peak in the evening; kilns barely notice the night.
    expect(at('hotel/weekday/20')).toBeGreaterThan(1.4 * at('hotel/weekday/14'));
    expect(at('cement/weekday/2')).toBeGreaterThan(0.8 * at('cement/weekday/14'));
    // PV: nothing at night, most around noon.
    for (const hour of [0, 3, 5, 20, 23]) expect(at(`pv/${hour}`)).toBe(0);
    expect(at('pv/12')).toBeGreaterThan(2 * at('pv/8'));
  });

  it('report value added consistent with the industry intensity and the org efficiency', {
    timeout: 60_000,
  }, () => {
    const enterprises = simulatedEnterprises(40, 11);
    const emissions = new Map<string, number>();
    const valueAdded = new Map<string, number>();
    for (const event of simulatedEvents({ orgCount: 40, seed: 11, from: JAN, to: APR })) {
      if (event.kind === 'output') {
        const o = event.output;
        valueAdded.set(o.orgId, (valueAdded.get(o.orgId) ?? 0) + o.valueAddedCNY);
        expect(o.valueAddedCNY).toBeLessThan(o.outputValueCNY);
      } else if (isCountedReading(event)) {
        const result = emissionOf(event.reading, library, usccRegionCode(event.reading.orgId));
        emissions.set(
          event.reading.orgId,
          (emissions.get(event.reading.orgId) ?? 0) + result.tco2eLocation,
        );
      }
    }
    for (const e of enterprises) {
      const intensity =
        (emissions.get(e.org.orgId) as number) / ((valueAdded.get(e.org.orgId) as number) / 1e4);
      const expected = e.industry.intensity * e.efficiency;
      expect(intensity / expected).toBeGreaterThan(0.85);
      expect(intensity / expected).toBeLessThan(1.15);
    }
  });

  it('mark every deliberately bad reading, and each kind of flaw fails where it should', {
    timeout: 60_000,
  }, () => {
    const events = [
      ...simulatedEvents({ orgCount: 30, seed: 4, from: JAN, to: FEB, badShare: 0.02 }),
    ];
    const readings = events.filter((e) => e.kind === 'reading');
    const flawed = (flaw: string) => events.filter((e) => e.kind === 'reading' && e.flaw === flaw);
    const gaps = events.filter((e) => e.kind === 'gap');
    const bad =
      flawed('wrong_unit').length +
      flawed('negative_quantity').length +
      gaps.length +
      flawed('duplicate').length;
    const share = bad / (readings.length + gaps.length - flawed('duplicate').length);
    expect(share).toBeGreaterThan(0.015);
    expect(share).toBeLessThan(0.025);

    for (const e of flawed('wrong_unit')) {
      if (e.kind !== 'reading') continue;
      const parsed = energyReadingV1.parse(e.reading);
      expect(() => emissionOf(parsed, library)).toThrow(EmissionError);
      try {
        emissionOf(parsed, library);
      } catch (err) {
        expect((err as EmissionError).field).toBe('unit');
      }
    }
    for (const e of flawed('negative_quantity')) {
      if (e.kind !== 'reading') continue;
      const parsed = energyReadingV1.safeParse(e.reading);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['quantity']);
    }
    // A duplicate repeats a valid reading sent just before it, content and all.
    const counted = new Map<string, SimulatedEvent>();
    for (const e of events)
      if (isCountedReading(e)) counted.set(`${e.reading.orgId}/${e.reading.readingId}`, e);
    for (const e of flawed('duplicate')) {
      if (e.kind !== 'reading') continue;
      expect(counted.get(`${e.reading.orgId}/${e.reading.readingId}`)).toEqual({
        kind: 'reading',
        reading: e.reading,
      });
    }
    // A gap is a period nobody sends.
    const sentIds = new Set(
      readings.map((e) =>
        e.kind === 'reading' ? `${e.reading.orgId}/${e.reading.readingId}` : '',
      ),
    );
    for (const g of gaps)
      if (g.kind === 'gap') expect(sentIds.has(`${g.orgId}/${g.readingId}`)).toBe(false);

    const clean = [
      ...simulatedEvents({ orgCount: 30, seed: 4, from: JAN, to: '2025-01-03T00:00:00+08:00' }),
    ];
    expect(clean.every((e) => e.kind === 'output' || isCountedReading(e))).toBe(true);
  });

  it('are generated lazily: memory stays bounded over long ranges of many orgs', {
    timeout: 60_000,
  }, () => {
    const year = simulatedEvents({
      orgCount: 500,
      seed: 2,
      from: '2025-01-01T00:00:00+08:00',
      to: '2026-01-01T00:00:00+08:00',
      badShare: 0.01,
    });
    const first = year.next();
    expect(first.done).toBe(false);
    let samples = 0;
    let lowest = Number.POSITIVE_INFINITY;
    let highest = 0;
    let n = 0;
    for (const _ of year) {
      if (++n % 100_000 === 0) {
        const heap = process.memoryUsage().heapUsed;
        lowest = Math.min(lowest, heap);
        highest = Math.max(highest, heap);
        samples++;
      }
      if (n >= 1_500_000) break;
    }
    expect(samples).toBe(15);
    // Holding 1.5 million events would take well over a gigabyte; garbage alone stays far below.
    expect(highest - lowest).toBeLessThan(200 * 1024 * 1024);
  });
});
