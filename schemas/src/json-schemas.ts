import { z } from 'zod';
import { emissionLineV1 } from './emission-line.js';
import { energyReadingV1 } from './energy-reading.js';
import {
  ingestErrorV1,
  ingestResponseV1,
  outputsRequestV1,
  readingsRequestV1,
} from './ingest-api.js';
import { orgOutputV1 } from './org-output.js';
import { orgRegistryFile } from './org-registry.js';
import { rejectedReadingV1 } from './rejected-reading.js';

interface Published {
  schema: z.ZodType;
  title: string;
  /** 'input' for what producers write (defaults may be left out), 'output' for what they read. */
  io: 'input' | 'output';
}

/** Every message and body of the contract, by the file name its JSON Schema is committed as. */
const published: Record<string, Published> = {
  'energy-reading.v1.json': {
    schema: energyReadingV1,
    title: 'energy.readings.v1 message (key = orgId)',
    io: 'input',
  },
  'org-output.v1.json': {
    schema: orgOutputV1,
    title: 'org.outputs.v1 message (key = orgId)',
    io: 'input',
  },
  'emission-line.v1.json': {
    schema: emissionLineV1,
    title: 'carbon.emissions.v1 message (key = orgId)',
    io: 'output',
  },
  'rejected-reading.v1.json': {
    schema: rejectedReadingV1,
    title: 'energy.readings.rejected.v1 message',
    io: 'output',
  },
  'ingest-readings-request.v1.json': {
    schema: readingsRequestV1,
    title: 'POST /v1/readings body (application/json; NDJSON lines are its items)',
    io: 'input',
  },
  'ingest-outputs-request.v1.json': {
    schema: outputsRequestV1,
    title: 'POST /v1/outputs body',
    io: 'input',
  },
  'ingest-response.v1.json': {
    schema: ingestResponseV1,
    title: 'Answer of the ingest API to a request it judged item by item (202, 400)',
    io: 'output',
  },
  'ingest-error.v1.json': {
    schema: ingestErrorV1,
    title: 'Answer of the ingest API to a request it refused as a whole (401, 403, 413, 415, 503)',
    io: 'output',
  },
  'org-registry-file.json': {
    schema: orgRegistryFile,
    title: 'Org registry file',
    io: 'input',
  },
};

const NOTE =
  'Generated from the zod schemas in schemas/src by `npm run -w @carbon-account/schemas generate`; do not edit. ' +
  'Rules JSON Schema cannot express (USCC check character, periodEnd after periodStart and at most 31 days later, ' +
  'green electricity only on electricity readings) are checked by the services, which answer with the field and reason.';

/** The committed JSON Schema files: file name → file text. */
export function jsonSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, p] of Object.entries(published)) {
    const schema = z.toJSONSchema(p.schema, {
      target: 'draft-2020-12',
      io: p.io,
      unrepresentable: 'any',
    });
    const ordered = { $schema: schema.$schema, title: p.title, $comment: NOTE, ...schema };
    files[name] = `${JSON.stringify(ordered, null, 2)}\n`;
  }
  return files;
}
