// Makes a new API key and its entry for the keys file (only the hash is stored):
//   npm run -w @carbon-account/ingest-api key -- --id acme-steel --kind enterprise --orgs 91500237MA5U7T2K1Y
//   npm run -w @carbon-account/ingest-api key -- --id city-platform --kind platform --region-prefixes 500237
import { parseArgs } from 'node:util';
import { newApiKey } from './api-keys.js';

const { values } = parseArgs({
  options: {
    id: { type: 'string' },
    kind: { type: 'string', default: 'enterprise' },
    orgs: { type: 'string', default: '' },
    'region-prefixes': { type: 'string', default: '' },
    sources: { type: 'string' },
  },
});
const list = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
try {
  const { key, entry } = newApiKey({
    id: values.id ?? '',
    kind: values.kind as 'enterprise' | 'platform',
    orgs: list(values.orgs),
    regionPrefixes: list(values['region-prefixes']),
    sources: values.sources ? (list(values.sources) as never) : undefined,
  });
  console.error(`API key for ${entry.id} (give it to its holder; it is not stored anywhere):`);
  console.error(`  ${key}`);
  console.error('Entry to add to the "keys" array of the keys file:');
  console.log(JSON.stringify(entry));
} catch (err) {
  console.error(`could not make a key entry: ${(err as Error).message}`);
  process.exit(1);
}
