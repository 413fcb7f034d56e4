import { unitProblem } from '@carbon-account/accounting';
import {
  type EnergyReadingV1,
  energyReadingV1,
  type FieldError,
  fieldErrors,
} from '@carbon-account/schemas';
import { type AccountMap, accountNoPattern } from '../mapping.js';
import type { ExportField, ExportLine, LineProblem } from './export-line.js';
import { beijingInstant, contractUnitOf, energyTypeOf, platformNumber } from './vocabulary.js';

/** Contract fields back to the export's, so schema errors name the column to fix. */
const CONTRACT_TO_EXPORT: Record<string, ExportField> = {
  quantity: 'quantity',
  unit: 'unit',
  periodStart: 'start',
  periodEnd: 'end',
  greenElectricityKWh: 'green',
};

const meterNoPattern = /^[A-Za-z0-9._-]{1,40}$/;

export type MappedLine =
  | { reading: EnergyReadingV1 }
  | ({ orgId?: string; readingId?: string } & LineProblem);

/**
 * Turns one export line into an `energy.readings.v1` reading with `source: platform`.
 * Errors name the platform's own field (`labels`), so whoever fixes the export finds it.
 *
 * The readingId is account + meter number + period start: deterministic from the line, so
 * a file delivered again (or a platform re-export with corrected figures) lands on the
 * same readingId downstream and is counted once, or replaces the earlier figure.
 */
export function readingOf(
  line: ExportLine,
  accounts: AccountMap,
  labels: Record<ExportField, string>,
): MappedLine {
  const errors: FieldError[] = [];
  const fail = (field: ExportField, message: string) =>
    errors.push({ path: labels[field], message });

  const accountNo = line.accountNo.trim();
  const meterNo = line.meterNo.trim();
  const account = accounts.get(accountNo);
  if (!accountNoPattern.test(accountNo)) {
    fail('accountNo', `expected a utility account number, got "${accountNo}"`);
  } else if (!account) {
    fail(
      'accountNo',
      `account ${accountNo} is not in the mapping file; add it (accountNo → orgId, meterId) and send the line again`,
    );
  }
  if (!meterNoPattern.test(meterNo)) {
    fail('meterNo', `expected 1–40 characters of A–Z a–z 0–9 . _ -, got "${meterNo}"`);
  }
  const type = energyTypeOf(line.kind);
  if (!type) fail('kind', `"${line.kind}" is not an energy type (电, 天然气, 热力)`);
  const unit = contractUnitOf(line.unit);
  if (!unit) {
    fail('unit', `unknown unit "${line.unit}" (kWh, 万kWh, m3, 万m3, GJ)`);
  } else if (type) {
    const problem = unitProblem(type, unit);
    if (problem) fail('unit', problem);
  }
  const periodStart = beijingInstant(line.start);
  if (!periodStart)
    fail('start', `expected a date-time like 2025-03-01 00:00:00, got "${line.start}"`);
  const periodEnd = beijingInstant(line.end);
  if (!periodEnd) fail('end', `expected a date-time like 2025-03-02 00:00:00, got "${line.end}"`);
  const quantity = platformNumber(line.quantity);
  if (quantity === undefined) fail('quantity', `expected a number, got "${line.quantity}"`);
  const green = line.green.trim() === '' ? 0 : platformNumber(line.green);
  if (green === undefined) fail('green', `expected a number of kWh, got "${line.green}"`);

  const readingId =
    periodStart && meterNoPattern.test(meterNo) && accountNoPattern.test(accountNo)
      ? `p:${accountNo}:${meterNo}:${periodStart}`
      : undefined;
  if (errors.length > 0 || !account) {
    return { reason: 'malformed export line', errors, orgId: account?.orgId, readingId };
  }
  const parsed = energyReadingV1.safeParse({
    readingId,
    orgId: account.orgId,
    meterId: account.meterId,
    source: 'platform',
    type,
    quantity,
    unit,
    periodStart,
    periodEnd,
    greenElectricityKWh: green,
  });
  if (!parsed.success) {
    return {
      reason: 'does not make a valid energy.readings.v1 reading',
      errors: fieldErrors(parsed.error).map((e) => {
        const field = CONTRACT_TO_EXPORT[e.path];
        return field ? { ...e, path: labels[field] } : e;
      }),
      orgId: account.orgId,
      readingId,
    };
  }
  return { reading: parsed.data };
}
