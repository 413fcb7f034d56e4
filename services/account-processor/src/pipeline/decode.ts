import type { ConsumedMessage } from '@carbon-account/kafka';
import {
  decodeOrgKeyed,
  emissionLineV1,
  type FieldError,
  type OrgOutputV1,
  orgOutputV1,
} from '@carbon-account/schemas';
import type { MonthChange } from '../accounts/recompute-targets.js';

export interface Rejection {
  message: ConsumedMessage;
  reason: string;
  errors: FieldError[];
  orgId?: string;
  reportId?: string;
}

export interface LineIdentity {
  orgId: string;
  readingId: string;
  /** Decimal UInt64 as in the message. */
  version: string;
  month: string;
}

export interface DecodedOutput {
  report: OrgOutputV1;
  message: ConsumedMessage;
  /** Newest reportedAt wins, then Kafka order: ms × 1000 + offset mod 1000 (as readings, 0001). */
  version: number;
}

/**
 * org.outputs.v1 validated again (anything can produce to Kafka): a bad report becomes a
 * rejection naming the field; it never stops the partition.
 */
export function decodeOutputs(messages: readonly ConsumedMessage[]): {
  outputs: DecodedOutput[];
  rejected: Rejection[];
} {
  const outputs: DecodedOutput[] = [];
  const rejected: Rejection[] = [];
  for (const message of messages) {
    const decoding = decodeOrgKeyed(message, orgOutputV1, 'org.outputs.v1');
    if (!decoding.ok) {
      const raw = decoding.raw as { orgId?: unknown; reportId?: unknown } | undefined;
      rejected.push({
        message,
        reason: decoding.reason,
        errors: decoding.errors,
        orgId: typeof raw?.orgId === 'string' ? raw.orgId : undefined,
        reportId: typeof raw?.reportId === 'string' ? raw.reportId : undefined,
      });
      continue;
    }
    const report = decoding.data;
    const at = report.reportedAt ? Date.parse(report.reportedAt) : Number(message.timestamp);
    outputs.push({
      report,
      message,
      version: at * 1000 + Number(BigInt(message.offset) % 1000n),
    });
  }
  return { outputs, rejected };
}

/**
 * The (org, month)s that carbon.emissions.v1 messages say changed. The lines themselves
 * are already stored by the emissions processor; only their keys matter here. A message
 * that does not parse is reported, not retried forever.
 */
export function changedMonths(messages: readonly ConsumedMessage[]): {
  changes: MonthChange[];
  /** Each line's identity, to find corrections that moved a reading out of another month. */
  lines: LineIdentity[];
  invalid: { message: ConsumedMessage; problem: string }[];
} {
  const seen = new Set<string>();
  const changes: MonthChange[] = [];
  const lines: LineIdentity[] = [];
  const invalid: { message: ConsumedMessage; problem: string }[] = [];
  for (const message of messages) {
    const decoding = decodeOrgKeyed(message, emissionLineV1, 'carbon.emissions.v1');
    if (!decoding.ok) {
      const fields = decoding.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      invalid.push({ message, problem: `${decoding.reason}: ${fields}` });
      continue;
    }
    const { orgId, readingId, version, month } = decoding.data;
    lines.push({ orgId, readingId, version, month });
    const key = `${orgId}|${month}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.push({ orgId, month, ledgerOwner: true });
  }
  return { changes, lines, invalid };
}

export function outputRow(o: DecodedOutput, now: number) {
  return {
    org_id: o.report.orgId,
    month: o.report.month,
    report_id: o.report.reportId,
    output_value_cny: o.report.outputValueCNY,
    value_added_cny: o.report.valueAddedCNY,
    reported_at: Math.floor(o.version / 1_000_000),
    version: o.version,
    received_at: now,
  };
}
