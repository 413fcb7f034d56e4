import type { OutgoingMessage, TopicNames } from '@carbon-account/kafka';
import {
  createContractReading,
  type EnergyReadingV1,
  energyReadingV1,
  type FieldError,
  fieldErrors,
  type IngestItemResultV1,
  type OrgOutputV1,
  orgOutputV1,
  type RejectedReadingV1,
  readingJson,
} from '@carbon-account/schemas';
import type { ApiKey } from '../api-keys.js';
import type { RawItem } from './items.js';

/** Why an item was refused, as a bounded set for metrics. */
export type RejectReason = 'unreadable' | 'invalid' | 'source_not_allowed';

/** A record as judging writes it: its value is text. */
export type TextMessage = OutgoingMessage & { value: string };

export interface Judgement {
  items: IngestItemResultV1[];
  /** Records for the data topic, keyed by orgId. */
  accepted: TextMessage[];
  /** Envelopes for the rejected topic. */
  rejected: TextMessage[];
  rejectReasons: { reason: RejectReason; field: string }[];
  /** Items for orgs the key may not submit for: the request is refused with 403. */
  forbidden: IngestItemResultV1[];
}

export interface JudgeContext {
  key: ApiKey;
  requestId: string;
  topics: TopicNames;
  now: () => string;
}

const MAX_RAW = 64 * 1024;

interface Kind<T> {
  parse: (value: unknown) => { ok: true; data: T } | { ok: false; errors: FieldError[] };
  check: (data: T, key: ApiKey) => FieldError[];
  topic: (topics: TopicNames) => string;
  describe: string;
  idField: 'readingId' | 'reportId';
  prepare?: (data: T, ctx: JudgeContext) => T;
  /** The record's value: the item as the contract output it. */
  json: (data: T) => string;
}

function zodParse<T>(schema: {
  safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: never };
}) {
  return (value: unknown) => {
    const parsed = schema.safeParse(value);
    return parsed.success
      ? { ok: true as const, data: parsed.data }
      : { ok: false as const, errors: fieldErrors(parsed.error, value) };
  };
}

const contractReading = createContractReading();
const zodReading = zodParse<EnergyReadingV1>(energyReadingV1 as never);

const readings: Kind<EnergyReadingV1> = {
  // The precompiled check accepts; zod has the last word on anything else, with its reasons.
  parse: (value) => {
    const data = contractReading(value);
    return data ? { ok: true, data } : zodReading(value);
  },
  check: (r, key) =>
    key.mayUseSource(r.source)
      ? []
      : [
          {
            path: 'source',
            message: `this API key may submit ${key.sources.join(', ')} readings; got "${r.source}"`,
          },
        ],
  topic: (t) => t.readings,
  describe: 'energy.readings.v1',
  idField: 'readingId',
  json: readingJson,
};

const outputs: Kind<OrgOutputV1> = {
  parse: zodParse<OrgOutputV1>(orgOutputV1 as never),
  check: () => [],
  topic: (t) => t.outputs,
  describe: 'org.outputs.v1',
  idField: 'reportId',
  prepare: (o, ctx) => (o.reportedAt ? o : { ...o, reportedAt: ctx.now() }),
  json: (o) => JSON.stringify(o),
};

const stringField = (value: unknown, field: string): string | undefined => {
  const v = (value as Record<string, unknown> | null)?.[field];
  return typeof v === 'string' ? v : undefined;
};

function judge<T extends { orgId: string }>(
  kind: Kind<T>,
  raws: readonly RawItem[],
  ctx: JudgeContext,
): Judgement {
  const out: Judgement = {
    items: [],
    accepted: [],
    rejected: [],
    rejectReasons: [],
    forbidden: [],
  };
  const topic = kind.topic(ctx.topics);
  const refuse = (raw: RawItem, reason: RejectReason, errors: FieldError[]) => {
    const orgId = stringField(raw.value, 'orgId');
    const id = stringField(raw.value, kind.idField);
    out.items.push({
      index: raw.index,
      ...(raw.line !== undefined && { line: raw.line }),
      status: 'rejected',
      ...(id !== undefined && { [kind.idField]: id }),
      ...(orgId !== undefined && { orgId }),
      errors,
    });
    out.rejectReasons.push({ reason, field: errors[0]?.path.split('.')[0] ?? '(item)' });
    const envelope: RejectedReadingV1 = {
      reason:
        reason === 'unreadable'
          ? 'unreadable item'
          : reason === 'invalid'
            ? `does not match ${kind.describe}`
            : 'source not allowed for this API key',
      errors,
      ...(orgId !== undefined && { orgId }),
      ...(kind.idField === 'readingId' && id !== undefined && { readingId: id }),
      source: {
        kind: 'ingest-api',
        requestId: ctx.requestId,
        index: raw.index,
        ...(raw.line !== undefined && { line: raw.line }),
      },
      raw: (raw.text ?? JSON.stringify(raw.value) ?? '').slice(0, MAX_RAW),
      rejectedAt: ctx.now(),
    };
    out.rejected.push({
      topic: ctx.topics.rejected,
      key: orgId ?? `ingest-api:${ctx.requestId}`,
      value: JSON.stringify(envelope),
    });
  };
  for (const raw of raws) {
    if (raw.unreadable) {
      refuse(raw, 'unreadable', raw.unreadable);
      continue;
    }
    const parsed = kind.parse(raw.value);
    if (!parsed.ok) {
      refuse(raw, 'invalid', parsed.errors);
      continue;
    }
    const data = kind.prepare ? kind.prepare(parsed.data, ctx) : parsed.data;
    const id = (data as Record<string, unknown>)[kind.idField] as string;
    if (!ctx.key.maySubmitFor(data.orgId)) {
      out.forbidden.push({
        index: raw.index,
        ...(raw.line !== undefined && { line: raw.line }),
        status: 'rejected',
        [kind.idField]: id,
        orgId: data.orgId,
        errors: [{ path: 'orgId', message: `API key '${ctx.key.id}' may not submit for this org` }],
      });
      continue;
    }
    const problems = kind.check(data, ctx.key);
    if (problems.length > 0) {
      refuse(raw, 'source_not_allowed', problems);
      continue;
    }
    // One fixed shape per kind (an absent line is left out of the JSON): these are the
    // objects of the hot path, up to 10,000 per request.
    out.items.push(
      kind.idField === 'readingId'
        ? { index: raw.index, line: raw.line, status: 'accepted', readingId: id }
        : { index: raw.index, line: raw.line, status: 'accepted', reportId: id },
    );
    out.accepted.push({ topic, key: data.orgId, value: kind.json(data) });
  }
  return out;
}

/** Validates readings against the contract and the key's rights; builds the records to write. */
export const judgeReadings = (raws: readonly RawItem[], ctx: JudgeContext) =>
  judge(readings, raws, ctx);

/** The same for output reports; a report without reportedAt is stamped with the time received. */
export const judgeOutputs = (raws: readonly RawItem[], ctx: JudgeContext) =>
  judge(outputs, raws, ctx);
