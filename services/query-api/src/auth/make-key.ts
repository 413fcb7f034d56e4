/**
 * Makes an API key and prints the entry for the keys file (QUERY_API_KEYS_FILE):
 *   npx tsx services/query-api/src/auth/make-key.ts bureau <id> <regionCode>
 *   npx tsx services/query-api/src/auth/make-key.ts enterprise <id> <orgId> [orgId…]
 *   npx tsx services/query-api/src/auth/make-key.ts bank <id> <bankId>
 * Add the printed entry to the file's "keys" array and restart the API; hand the key to
 * its holder. Only the hash is stored, so a lost key is replaced, not recovered.
 */
import { newApiKey, type Principal } from './api-keys.js';

const [kind, id, ...rest] = process.argv.slice(2);
const usage = 'usage: make-key.ts bureau|enterprise|bank <id> <regionCode | orgId… | bankId>';
let who: Principal;
if (kind === 'bureau') who = { kind, regionCode: rest[0] ?? '' };
else if (kind === 'enterprise') who = { kind, orgIds: rest };
else if (kind === 'bank') who = { kind, bankId: rest[0] ?? '' };
else {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
if (!id) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
try {
  const { key, entry } = newApiKey(id, who);
  process.stdout.write(`${JSON.stringify({ key, entry }, null, 2)}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${usage}\n`);
  process.exit(2);
}
