import type { Lang } from './i18n.js';

/** A figure as the API sends it: a number, a decimal string, or nothing. */
export type Figure = number | string | null | undefined;

const dash = '—';

/** The API's figure as a number, or null when absent or not a number. */
export function toNumber(value: Figure): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

const locales: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' };

/** Thousands separators and a fixed number of decimals. */
export function formatNumber(value: Figure, lang: Lang, decimals = 2): string {
  const n = toNumber(value);
  if (n === null) return dash;
  return new Intl.NumberFormat(locales[lang], {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(n);
}

/**
 * Tonnes CO2e: three decimals for small figures (a kg matters on a single meter), two
 * once the figure is in the tens of tonnes and more decimals would be noise.
 */
export function formatTco2e(value: Figure, lang: Lang, unit = true): string {
  const n = toNumber(value);
  if (n === null) return dash;
  const text = formatNumber(n, lang, Math.abs(n) < 10 ? 3 : 2);
  return unit ? `${text} tCO₂e` : text;
}

export function formatTce(value: Figure, lang: Lang): string {
  const n = toNumber(value);
  return n === null ? dash : `${formatNumber(n, lang, Math.abs(n) < 10 ? 3 : 2)} tce`;
}

/** Carbon intensity, tCO2e per 10,000 CNY (万元) as the contract defines it. */
export function formatIntensity(value: Figure, lang: Lang): string {
  const n = toNumber(value);
  if (n === null) return dash;
  return `${formatNumber(n, lang, 3)} ${lang === 'zh' ? 'tCO₂e/万元' : 'tCO₂e per 10k CNY'}`;
}

/** Money: 万元 in Chinese (how a Chinese reader sizes an amount), CNY in English. */
export function formatCny(value: Figure, lang: Lang): string {
  const n = toNumber(value);
  if (n === null) return dash;
  if (lang === 'zh') {
    return Math.abs(n) >= 10_000
      ? `${formatNumber(n / 10_000, lang, 2)} 万元`
      : `${formatNumber(n, lang, 2)} 元`;
  }
  return `CNY ${formatNumber(n, lang, 0)}`;
}

/** A share 0..1 as a percentage with one decimal. */
export function formatShare(value: Figure, lang: Lang): string {
  const n = toNumber(value);
  return n === null ? dash : `${formatNumber(n * 100, lang, 1)}%`;
}

/** A plain count with thousands separators. */
export function formatCount(value: Figure, lang: Lang): string {
  return formatNumber(value, lang, 0);
}

/** 'YYYY-MM' as a reader writes it. */
export function formatMonth(month: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) return month || dash;
  const [, y, mm] = m;
  if (lang === 'zh') return `${y}年${Number(mm)}月`;
  const names = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  return `${names[Number(mm) - 1] ?? mm} ${y}`;
}

/** An instant in China time (the accounting time zone), to the minute. */
export function formatDateTime(value: string | null | undefined, lang: Lang): string {
  if (!value) return dash;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locales[lang], {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

/** The current month in China time, 'YYYY-MM'. */
export function currentMonth(now = new Date()): string {
  const shifted = new Date(now.getTime() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 7);
}

/** 'YYYY-MM' shifted by a number of months. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The `count` months ending with `last`, oldest first. */
export function monthsEnding(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

/** First instant of a month and of the month after, China time, as the API's from/to. */
export function monthRange(month: string): { from: string; to: string } {
  return { from: `${month}-01T00:00:00+08:00`, to: `${addMonths(month, 1)}-01T00:00:00+08:00` };
}
