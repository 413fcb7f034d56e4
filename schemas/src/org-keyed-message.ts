import type { z } from 'zod';
import { type FieldError, fieldErrors } from './validation-errors.js';

/** What a contract check needs of a Kafka message (no Kafka client types here). */
export interface KeyedMessage {
  key: string | null;
  value: Buffer | null;
}

export type OrgKeyedDecoding<T> =
  | { ok: true; data: T }
  /** `raw`: the parsed JSON when there was some, so a refusal can still name its ids. */
  | { ok: false; reason: string; errors: FieldError[]; raw: unknown };

/**
 * One message of an orgId-keyed contract topic, checked again by its consumer (anything
 * can produce to Kafka): not JSON, not the contract (naming the fields at fault), or keyed
 * by something other than its orgId (it would sit on another org's partition, and the
 * per-org order the processors rely on would not hold). `accept`, when given, is a faster
 * check that returns the schema's output for what it certainly accepts (see
 * contract-reading.ts); the schema judges the rest and names the fields at fault.
 */
export function decodeOrgKeyed<T extends { orgId: string }>(
  message: KeyedMessage,
  schema: z.ZodType<T>,
  contract: string,
  accept?: (value: unknown) => T | undefined,
): OrgKeyedDecoding<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch (err) {
    return {
      ok: false,
      reason: 'not JSON',
      errors: [{ path: '(message)', message: (err as Error).message }],
      raw: undefined,
    };
  }
  let data = accept?.(raw);
  if (data === undefined) {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        reason: `does not match ${contract}`,
        errors: fieldErrors(parsed.error, raw),
        raw,
      };
    }
    data = parsed.data;
  }
  if (message.key !== null && message.key !== data.orgId) {
    return {
      ok: false,
      reason: 'message key is not the orgId',
      errors: [
        {
          path: 'orgId',
          message: `key '${message.key}' differs from orgId '${data.orgId}'`,
        },
      ],
      raw,
    };
  }
  return { ok: true, data };
}
