import type { EnergyReadingV1Input } from './energy-reading.js';

/** A reading every rule accepts, for tests to spoil one field at a time. */
export function validReading(): EnergyReadingV1Input {
  return {
    readingId: 'm-0042:2025-03-01T00:00+08:00',
    orgId: '91500237MA5U7T2K1Y',
    meterId: 'm-0042',
    source: 'enterprise',
    type: 'electricity',
    quantity: 1250.5,
    unit: 'kWh',
    periodStart: '2025-03-01T00:00:00+08:00',
    periodEnd: '2025-03-01T01:00:00+08:00',
    greenElectricityKWh: 0,
  };
}
