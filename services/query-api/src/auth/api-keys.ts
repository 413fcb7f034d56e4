import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { orgId, queryApi, regionCode } from '@carbon-account/schemas';
import { z } from 'zod';

/** Who a key speaks for. */
export const principal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bureau'), regionCode }),
  z.object({ kind: z.literal('enterprise'), orgIds: z.array(orgId).min(1) }),
  z.object({ kind: z.literal('bank'), bankId: queryApi.bankId }),
]);
export type Principal = z.infer<typeof principal>;

/**
 * One entry of the keys file. Only the SHA-256 of the key is stored: keys are 32 random
 * bytes, so a plain hash cannot be reversed by guessing, and a per-request lookup stays
 * a map access (a slow password hash would cost every request).
 */
export const apiKeyEntry = z.object({
  id: z.string().min(1).max(100).describe('names the key in logs and the access log'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters'),
  principal,
});
export type ApiKeyEntry = z.infer<typeof apiKeyEntry>;

export const apiKeysFile = z.object({ keys: z.array(apiKeyEntry) });

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** A new random key and the entry that admits it (the key itself is shown once, never stored). */
export function newApiKey(id: string, who: Principal): { key: string; entry: ApiKeyEntry } {
  const key = `ck_${randomBytes(32).toString('base64url')}`;
  return { key, entry: { id, sha256: hashApiKey(key), principal: principal.parse(who) } };
}

export interface ApiKeys {
  principalFor(key: string): { id: string; principal: Principal } | undefined;
  size: number;
}

export function apiKeysFrom(file: z.infer<typeof apiKeysFile>): ApiKeys {
  const byHash = new Map(file.keys.map((k) => [k.sha256, k]));
  return {
    principalFor(key) {
      const entry = byHash.get(hashApiKey(key));
      return entry && { id: entry.id, principal: entry.principal };
    },
    size: byHash.size,
  };
}

/** Reads and validates the keys file; throws an error naming the entry and field at fault. */
export function loadApiKeys(path: string): ApiKeys {
  const parsed = apiKeysFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`keys file ${path} is invalid: ${problems.join('; ')}`);
  }
  return apiKeysFrom(parsed.data);
}
