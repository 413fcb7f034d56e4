// Micro-benchmark of the hot path a stream processor runs per reading:
//   npx tsx packages/accounting/bench/emissions.bench.ts
import {
  createFactorLibrary,
  ENERGY_TYPES,
  emissionOf,
  type ReadingForEmission,
} from '../src/index.js';

const library = createFactorLibrary();
const types = ENERGY_TYPES.filter((t) =>
  ['electricity', 'diesel', 'natural_gas', 'heat', 'raw_coal'].includes(t),
);
const units: Record<string, string> = {
  electricity: 'kWh',
  diesel: 't',
  natural_gas: 'm3',
  heat: 'GJ',
  raw_coal: 't',
};
const readings: ReadingForEmission[] = Array.from({ length: 10_000 }, (_, i) => {
  const type = types[i % types.length] as ReadingForEmission['type'];
  return {
    orgId: '91500237MA5U7T2K1X',
    type,
    quantity: 100 + (i % 97),
    unit: units[type] as string,
    periodStart: `2025-0${1 + (i % 9)}-01T00:00:00+08:00`,
  };
});
for (const r of readings) emissionOf(r, library); // warm caches and JIT
const rounds = 50;
const start = process.hrtime.bigint();
let sink = 0;
for (let k = 0; k < rounds; k++)
  for (const r of readings) sink += emissionOf(r, library).tco2eLocation;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(
  `emissionOf: ${Math.round((rounds * readings.length) / seconds).toLocaleString('en')} readings/s on one core (checksum ${sink.toFixed(3)})`,
);
