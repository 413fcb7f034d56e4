// Subpath export (@carbon-account/accounting/instant): the contract needs it without mathjs.

/** The number the n digits at s[i..] spell, or -1 if one of them is not a digit. */
function digitsAt(s: string, i: number, n: number): number {
  let value = 0;
  for (let k = i; k < i + n; k++) {
    const digit = s.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Epoch milliseconds of an instant, exactly as `Date.parse` gives them. Readings carry two
 * instants, and every service dates them several times per reading: `Date.parse` took more
 * of the ingest API's contract check than the JSON Schema itself. The contract's own form,
 * YYYY-MM-DDTHH:MM:SS then Z or ±HH:MM with every field in range, is read here digit by
 * digit; anything else (fractions of a second, other forms, nonsense) goes to `Date.parse`.
 */
export function instantMs(s: string): number {
  const length = s.length;
  if (
    (length === 20 || length === 25) &&
    s.charCodeAt(4) === 45 && // -
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 && // T
    s.charCodeAt(13) === 58 && // :
    s.charCodeAt(16) === 58
  ) {
    const y = digitsAt(s, 0, 4);
    const mo = digitsAt(s, 5, 2);
    const d = digitsAt(s, 8, 2);
    const h = digitsAt(s, 11, 2);
    const mi = digitsAt(s, 14, 2);
    const sec = digitsAt(s, 17, 2);
    let zoned = false;
    let offsetMinutes = 0;
    const zone = s.charCodeAt(19);
    if (length === 20) {
      zoned = zone === 90; // Z
    } else if ((zone === 43 || zone === 45) && s.charCodeAt(22) === 58) {
      const oh = digitsAt(s, 20, 2);
      const om = digitsAt(s, 23, 2);
      zoned = oh >= 0 && oh <= 23 && om >= 0 && om <= 59;
      offsetMinutes = (zone === 45 ? -1 : 1) * (oh * 60 + om);
    }
    if (
      zoned &&
      y >= 0 &&
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= (mo === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[mo - 1] as number)) &&
      h >= 0 &&
      h <= 23 &&
      mi >= 0 &&
      mi <= 59 &&
      sec >= 0 &&
      sec <= 59
    ) {
      return (
        daysFromCivil(y, mo, d) * 86_400_000 + ((h * 60 + mi - offsetMinutes) * 60 + sec) * 1000
      );
    }
  }
  return Date.parse(s);
}
