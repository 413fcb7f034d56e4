import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidUscc, usccProblem, usccRegionCode, withUsccCheckCharacter } from './uscc.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const valid = ['91350100M000100Y43', '91440300708461136T'];

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(valid)('accepts %s', (code) => {
    expect(usccProblem(code)).toBeUndefined();
    expect(isValidUscc(code)).toBe(true);
  });

  it.each(valid)('rejects every single-character change of %s', (code) => {
    for (let i = 0; i < code.length; i++) {
      for (const c of ALPHABET) {
        if (c === code[i]) continue;
        const changed = code.slice(0, i) + c + code.slice(i + 1);
        expect(isValidUscc(changed), changed).toBe(false);
      }
    }
  });

  it('says why a code is invalid', () => {
    expect(usccProblem('91350100M000100Y4')).toBe('must be 18 characters, got 17');
    expect(usccProblem('91350100M000100I43')).toMatch(/character 'I' at position 16/);
    expect(usccProblem('91350100M000100Y44')).toBe("check character is '4', expected '3'");
  });

  it('completes any 17 characters into a valid code and reads its region', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALPHABET), { minLength: 9, maxLength: 9 }),
        (tail) => {
          const code = withUsccCheckCharacter(`91500237${tail.join('')}`);
          expect(isValidUscc(code)).toBe(true);
          expect(usccRegionCode(code)).toBe('500237');
        },
      ),
    );
  });
});
