// Writes schemas/json/*.json from the zod schemas: npm run -w @carbon-account/schemas generate
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaFiles } from '../src/json-schemas.js';

const dir = join(import.meta.dirname, '..', 'json');
mkdirSync(dir, { recursive: true });
const files = jsonSchemaFiles();
for (const old of readdirSync(dir)) if (!(old in files)) rmSync(join(dir, old));
for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
console.log(`wrote ${Object.keys(files).length} JSON Schema files to schemas/json`);
