/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a
 * 31-character alphabet (digits and capital letters without I, O, S, V, Z); the 18th is a
 * check character over the first 17 with weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters (GB 32100-2015 §5: C18 = 31 − Σ(Ci·Wi) mod 31). */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17.charAt(i));
    if (value < 0)
      throw new RangeError(
        `character '${first17.charAt(i)}' at position ${i + 1} is not in the code alphabet`,
      );
    sum += value * (WEIGHTS[i] as number);
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET.charAt(check);
}

/** Completes 17 characters into a valid code (for simulators and tests). */
export function withUsccCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`need 17 characters, got ${first17.length}`);
  return first17 + usccCheckCharacter(first17);
}

/**
 * Why `code` is not a valid unified social credit code, or undefined when it is valid.
 * The reason names the position and the character so a person can fix the typo.
 */
export function usccProblem(code: string): string | undefined {
  if (typeof code !== 'string') return 'must be a string';
  if (code.length !== 18) return `must be 18 characters, got ${code.length}`;
  for (let i = 0; i < 18; i++) {
    if (!ALPHABET.includes(code.charAt(i))) {
      return `character '${code.charAt(i)}' at position ${i + 1} is not in the code alphabet (digits and capitals except I, O, S, V, Z)`;
    }
  }
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return 'characters 3–8 must be the 6-digit administrative division code';
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code.charAt(17) !== expected)
    return `check character is '${code.charAt(17)}', expected '${expected}'`;
  return undefined;
}

/** True when `code` is a valid unified social credit code (GB 32100-2015). */
export function isValidUscc(code: string): boolean {
  return usccProblem(code) === undefined;
}

/**
 * The administrative division code of the registering authority: characters 3–8
 * (GB 32100-2015 §4.3), e.g. '500237' for Wushan County.
 */
export function usccRegionCode(code: string): string {
  return code.slice(2, 8);
}

/** The province-level division code of a 6-digit division code: first two digits + '0000'. */
export function provinceOf(regionCode: string): string {
  return `${regionCode.slice(0, 2)}0000`;
}
