import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { energyReadingV1 } from './energy-reading.js';
import { jsonSchemaFiles } from './json-schemas.js';
import { validReading } from './test-readings.js';

const dir = join(import.meta.dirname, '..', 'json');
const generated = jsonSchemaFiles();

describe('committed JSON Schema files', () => {
  it('are exactly what the zod schemas generate (run `npm run -w @carbon-account/schemas generate`)', () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, text] of Object.entries(generated)) {
      expect(readFileSync(join(dir, name), 'utf8'), `schemas/json/${name} is stale`).toBe(text);
    }
  });

  it('judge a reading as the zod schema does, for what JSON Schema can express', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(generated['energy-reading.v1.json'] as string));
    const cases: [string, unknown][] = [
      ['valid', validReading()],
      ['green electricity left out', { ...validReading(), greenElectricityKWh: undefined }],
      ['negative quantity', { ...validReading(), quantity: -1 }],
      ['unknown type', { ...validReading(), type: 'electricty' }],
      ['quantity as a string', { ...validReading(), quantity: '12' }],
      ['period without offset', { ...validReading(), periodStart: '2025-03-01T00:00:00' }],
      ['orgId too short', { ...validReading(), orgId: '91500237' }],
      ['readingId with a space', { ...validReading(), readingId: 'a b' }],
    ];
    for (const [what, item] of cases) {
      const json = JSON.parse(JSON.stringify(item));
      expect(validate(json), what).toBe(energyReadingV1.safeParse(json).success);
    }
  });
});
