import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { READING_SOURCES, type ReadingSource } from '@carbon-account/accounting/energy-types';
import { usccRegionCode } from '@carbon-account/accounting/uscc';
import { fieldErrors, orgId } from '@carbon-account/schemas';
import { z } from 'zod';

/**
 * One entry of the keys file. An enterprise key names its orgs. A platform connector's key
 * may also name region prefixes: an org is then allowed when the administrative division
 * code inside its unified social credit code (characters 3–8, where it was registered)
 * starts with one of them, e.g. "500237" for every org registered in Wushan County.
 */
export const apiKeyEntry = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, '1–64 characters of A–Z a–z 0–9 . _ -'),
  kind: z.enum(['enterprise', 'platform']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the sha256 of the key, 64 lowercase hex digits'),
  orgs: z.array(orgId).default([]),
  regionPrefixes: z.array(z.string().regex(/^\d{2,6}$/, '2–6 digits')).default([]),
  /** Reading sources the key may submit; by default enterprise and cems, or platform. */
  sources: z.array(z.enum(READING_SOURCES)).optional(),
});
export const apiKeysFile = z.object({ keys: z.array(apiKeyEntry) });
export type ApiKeyEntry = z.infer<typeof apiKeyEntry>;

export interface ApiKey {
  id: string;
  kind: ApiKeyEntry['kind'];
  maySubmitFor(orgId: string): boolean;
  mayUseSource(source: ReadingSource): boolean;
  sources: readonly ReadingSource[];
}

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A new random key (shown once to its holder) and its entry for the keys file. */
export function newApiKey(entry: Omit<ApiKeyEntry, 'sha256'>): { key: string; entry: ApiKeyEntry } {
  const key = `cak_${randomBytes(24).toString('base64url')}`;
  return { key, entry: apiKeyEntry.parse({ ...entry, sha256: hashApiKey(key) }) };
}

function apiKeyOf(entry: ApiKeyEntry): ApiKey {
  const orgs = new Set(entry.orgs);
  const sources =
    entry.sources ?? (entry.kind === 'platform' ? ['platform'] : ['enterprise', 'cems']);
  return {
    id: entry.id,
    kind: entry.kind,
    sources,
    mayUseSource: (source) => sources.includes(source),
    maySubmitFor: (org) =>
      orgs.has(org) || entry.regionPrefixes.some((p) => usccRegionCode(org).startsWith(p)),
  };
}

export interface ApiKeys {
  /** The key whose hash matches, or undefined. */
  find(presented: string): ApiKey | undefined;
  /** The key with this id: for a thread that was handed a request of a key already found. */
  byId(id: string): ApiKey | undefined;
  size: number;
}

export function apiKeysFrom(value: unknown, fileName = 'keys file'): ApiKeys {
  const parsed = apiKeysFile.safeParse(value);
  if (!parsed.success) {
    const problems = fieldErrors(parsed.error, value).map((e) => `keys.${e.path}: ${e.message}`);
    throw new Error(`${fileName} is not a valid API keys file: ${problems.join('; ')}`);
  }
  const byHash = new Map<string, ApiKey>();
  const byId = new Map<string, ApiKey>();
  for (const entry of parsed.data.keys) {
    if (byHash.has(entry.sha256)) throw new Error(`${fileName}: key '${entry.id}' appears twice`);
    if (byId.has(entry.id)) throw new Error(`${fileName}: two keys have the id '${entry.id}'`);
    const key = apiKeyOf(entry);
    byHash.set(entry.sha256, key);
    byId.set(entry.id, key);
  }
  return {
    find: (presented) => byHash.get(hashApiKey(presented)),
    byId: (id) => byId.get(id),
    size: byHash.size,
  };
}

export function loadApiKeys(path: string): ApiKeys {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the API keys file ${path}: ${(err as Error).message}`);
  }
  return apiKeysFrom(json, path);
}
