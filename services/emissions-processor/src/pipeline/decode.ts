import { hash } from 'node:crypto';
import type { ConsumedMessage } from '@carbon-account/kafka';
import {
  createContractReading,
  decodeOrgKeyed,
  type EnergyReadingV1,
  energyReadingV1,
  type FieldError,
} from '@carbon-account/schemas';

export interface DecodedReading {
  reading: EnergyReadingV1;
  message: ConsumedMessage;
  /** Orders deliveries of the same reading (see migration 0001). */
  version: number;
  /** Identifies the content: same key with another hash is a correction. */
  contentHash: string;
}

export interface Rejection {
  message: ConsumedMessage;
  reason: string;
  errors: FieldError[];
  orgId?: string;
  readingId?: string;
}

/**
 * Orders deliveries of one reading: Kafka timestamp in whole seconds × 10^6 + offset mod
 * 10^6 (below 2^53 until the year 2255). Within one second the offset decides, which is
 * the true order on the one partition a key lands on; a millisecond clock with offset mod
 * 1000 would invert two sends of one produce call whose offsets straddle a thousand.
 */
export function deliveryVersion(message: ConsumedMessage): number {
  // The offset is decimal text: its last six digits are the offset mod 10^6.
  return (
    Math.floor(Number(message.timestamp) / 1000) * 1_000_000 + Number(message.offset.slice(-6))
  );
}

/**
 * Hash of everything that makes a reading's figures, in a fixed field order. SHA-1 hex as
 * stored since migration 0001: another digest would make every stored reading look
 * corrected. One-shot `hash` costs a third of a Hash object per reading.
 */
export function contentHash(r: EnergyReadingV1): string {
  return hash(
    'sha1',
    [
      r.meterId,
      r.source,
      r.type,
      r.quantity,
      r.unit,
      r.periodStart,
      r.periodEnd,
      r.greenElectricityKWh,
      r.densityKgPerL ?? '',
      r.steamEnthalpyKJPerKg ?? '',
    ].join('\u0001'),
    'hex',
  );
}

const acceptReading = createContractReading();

/**
 * Step 1 of a batch: parse and validate every message against the contract again
 * (anything can produce to Kafka). What fails becomes a rejection with the reason; it
 * never stops the batch.
 */
export function decodeBatch(messages: readonly ConsumedMessage[]): {
  decoded: DecodedReading[];
  rejected: Rejection[];
} {
  const decoded: DecodedReading[] = [];
  const rejected: Rejection[] = [];
  for (const message of messages) {
    const decoding = decodeOrgKeyed(message, energyReadingV1, 'energy.readings.v1', acceptReading);
    if (!decoding.ok) {
      const raw = decoding.raw as { orgId?: unknown; readingId?: unknown } | undefined;
      rejected.push({
        message,
        reason: decoding.reason,
        errors: decoding.errors,
        orgId: typeof raw?.orgId === 'string' ? raw.orgId : undefined,
        readingId: typeof raw?.readingId === 'string' ? raw.readingId : undefined,
      });
      continue;
    }
    const reading = decoding.data;
    decoded.push({
      reading,
      message,
      version: deliveryVersion(message),
      contentHash: contentHash(reading),
    });
  }
  return { decoded, rejected };
}
