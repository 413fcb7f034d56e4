import { withUsccCheckCharacter } from '@carbon-account/accounting';
import type { ConsumedMessage } from '@carbon-account/kafka';
import type { EnergyReadingV1Input } from '@carbon-account/schemas';

// Builders for the pure steps' unit tests: messages as the consumer loop hands them over.
export const ORG = withUsccCheckCharacter('91500237MA5U7T2K1');

export function reading(overrides: Partial<EnergyReadingV1Input> = {}): EnergyReadingV1Input {
  return {
    readingId: 'e1:2025-01-01T00:00:00+08:00',
    orgId: ORG,
    meterId: 'e1',
    source: 'enterprise',
    type: 'electricity',
    quantity: 1000,
    unit: 'kWh',
    periodStart: '2025-01-01T00:00:00+08:00',
    periodEnd: '2025-01-01T01:00:00+08:00',
    greenElectricityKWh: 0,
    ...overrides,
  };
}

export function message(
  value: unknown,
  at: { offset: number | string; timestamp?: number; key?: string | null; partition?: number },
): ConsumedMessage {
  return {
    topic: 'energy.readings.v1',
    partition: at.partition ?? 0,
    offset: String(at.offset),
    key: at.key === undefined ? ORG : at.key,
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    timestamp: String(at.timestamp ?? 1_750_000_000_000),
  };
}
