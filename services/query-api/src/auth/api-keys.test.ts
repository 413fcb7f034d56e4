import { describe, expect, it } from 'vitest';
import { authorizeOwner, HttpError } from './access.js';
import { apiKeysFile, apiKeysFrom, hashApiKey, newApiKey, type Principal } from './api-keys.js';

const org = '91500237MA5U7T2K1Y';

describe('API keys', () => {
  it('stores only the hash; the key finds its principal, another key nothing', () => {
    const { key, entry } = newApiKey('bank-a-prod', { kind: 'bank', bankId: 'bank-a' });
    expect(JSON.stringify(entry)).not.toContain(key);
    expect(entry.sha256).toBe(hashApiKey(key));
    const keys = apiKeysFrom({ keys: [entry] });
    expect(keys.principalFor(key)).toEqual({
      id: 'bank-a-prod',
      principal: { kind: 'bank', bankId: 'bank-a' },
    });
    expect(keys.principalFor(`${key}x`)).toBeUndefined();
  });

  it('rejects a keys file entry with a bad org id or region, naming the field', () => {
    const bad = apiKeysFile.safeParse({
      keys: [
        { id: 'e', sha256: 'a'.repeat(64), principal: { kind: 'enterprise', orgIds: ['nope'] } },
        { id: 'b', sha256: 'a'.repeat(64), principal: { kind: 'bureau', regionCode: '5002' } },
      ],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'keys.0.principal.orgIds.0',
      'keys.1.principal.regionCode',
    ]);
  });

  it('only the org itself manages its consents', () => {
    expect(() => authorizeOwner({ kind: 'enterprise', orgIds: [org] }, org)).not.toThrow();
    const others: Principal[] = [
      { kind: 'bureau', regionCode: '500237' },
      { kind: 'bank', bankId: 'bank-a' },
      { kind: 'enterprise', orgIds: ['91500237MA5U7T2K2W'] },
    ];
    for (const who of others) {
      expect(() => authorizeOwner(who, org)).toThrow(HttpError);
    }
  });
});
