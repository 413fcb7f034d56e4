import type { EnergyType } from '@carbon-account/accounting';

/**
 * The platform's words for what a meter measures. Water and other utilities appear in the
 * same exports; they are not energy and are rejected with that reason.
 */
const KINDS: Record<string, EnergyType> = {
  电: 'electricity',
  电力: 'electricity',
  用电: 'electricity',
  天然气: 'natural_gas',
  燃气: 'natural_gas',
  气: 'natural_gas',
  热力: 'heat',
  热: 'heat',
  供热: 'heat',
  electricity: 'electricity',
  natural_gas: 'natural_gas',
  heat: 'heat',
};

export function energyTypeOf(kind: string): EnergyType | undefined {
  return KINDS[kind.trim().toLowerCase()];
}

/** The platform's unit words, spelt the way the contract (and mathjs) reads them. */
const UNITS: Record<string, string> = {
  kwh: 'kWh',
  千瓦时: 'kWh',
  度: 'kWh',
  mwh: 'MWh',
  万kwh: '10^4 kWh',
  万千瓦时: '10^4 kWh',
  万度: '10^4 kWh',
  m3: 'm3',
  立方米: 'm3',
  方: 'm3',
  万m3: '10^4 m3',
  万立方米: '10^4 m3',
  万方: '10^4 m3',
  nm3: 'Nm3',
  gj: 'GJ',
  吉焦: 'GJ',
  mj: 'MJ',
  兆焦: 'MJ',
};

/** NFKC folds full-width letters, brackets and superscripts (ｋＷｈ, （, m³) to ASCII. */
export function folded(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

export function contractUnitOf(unit: string): string | undefined {
  return UNITS[folded(unit)];
}

/**
 * Beijing time as the platform writes it ("2025-03-01 00:00:00", "2025/3/1 0:00", or ISO
 * with an offset) as an ISO 8601 instant with +08:00 (China has no daylight saving time).
 */
export function beijingInstant(text: string): string | undefined {
  const t = text.trim();
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
    const pad = (v: string) => v.padStart(2, '0');
    const iso = `${y}-${pad(mo as string)}-${pad(d as string)}T${pad(h)}:${pad(mi)}:${pad(s)}+08:00`;
    // Reject impossible dates (2025-02-30) that Date would roll over.
    const back = new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19);
    return back === iso.slice(0, 19) ? iso : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    return Number.isNaN(Date.parse(t)) ? undefined : t;
  }
  return undefined;
}

/** "1,250.50" (thousands separators, as spreadsheets export them) → 1250.5. */
export function platformNumber(text: string): number | undefined {
  const t = text.trim().replace(/,/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}
