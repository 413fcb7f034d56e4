import { describe, expect, it } from 'vitest';
import { apiKeysFrom, hashApiKey, newApiKey } from './api-keys.js';

describe('API keys', () => {
  it('finds a key by its hash only; the file never holds the key', () => {
    const { key, entry } = newApiKey({
      id: 'acme',
      kind: 'enterprise',
      orgs: ['91500237MA5U7T2K1Y'],
      regionPrefixes: [],
    });
    expect(entry.sha256).toBe(hashApiKey(key));
    expect(JSON.stringify(entry)).not.toContain(key);
    const keys = apiKeysFrom({ keys: [entry] });
    expect(keys.find(key)?.id).toBe('acme');
    expect(keys.find(`${key}x`)).toBeUndefined();
    expect(keys.find(key)?.maySubmitFor('91500237MA5U7T2K1Y')).toBe(true);
  });

  it('refuses a keys file with a bad entry, naming it', () => {
    expect(() =>
      apiKeysFrom(
        { keys: [{ id: 'acme', kind: 'bank', sha256: 'abc', orgs: ['123'] }] },
        'keys.json',
      ),
    ).toThrow(
      /keys\.json is not a valid API keys file: keys\.keys\.0\.kind: .*keys\.keys\.0\.sha256: .*keys\.keys\.0\.orgs\.0: not a valid unified social credit code/,
    );
  });

  it('finds a key by its id, and refuses two keys with one id', () => {
    const a = newApiKey({ id: 'acme', kind: 'enterprise', orgs: [], regionPrefixes: [] });
    const b = newApiKey({ id: 'acme', kind: 'platform', orgs: [], regionPrefixes: ['500237'] });
    expect(apiKeysFrom({ keys: [a.entry] }).byId('acme')?.kind).toBe('enterprise');
    expect(apiKeysFrom({ keys: [a.entry] }).byId('other')).toBeUndefined();
    expect(() => apiKeysFrom({ keys: [a.entry, b.entry] }, 'keys.json')).toThrow(
      "keys.json: two keys have the id 'acme'",
    );
  });
});
