import type { OutgoingMessage, TopicNames } from '@carbon-account/kafka';
// Not the package's index: that loads kafkajs, which a judging thread has no use for.
import { type PackedRecords, packRecords } from '@carbon-account/kafka/packed-records';
import { type IngestItemResultV1, readingColumns } from '@carbon-account/schemas';
import type { ApiKey } from '../api-keys.js';
import { BodyError } from './body-error.js';
import { decodeCsv, itemsFromCsv } from './csv.js';
import { itemsFromJson, itemsFromNdjson, type RawItem } from './items.js';
import { judgeOutputs, judgeReadings, type RejectReason } from './judge.js';

export type IngestRoute = 'POST /v1/readings' | 'POST /v1/readings/csv' | 'POST /v1/outputs';

/** One request's body and what judging it needs to know: plain data, so it crosses threads. */
export interface RequestToJudge {
  route: IngestRoute;
  contentType: string;
  body: Uint8Array;
  keyId: string;
  requestId: string;
  /** When the request came: stamped on refusals and on output reports without reportedAt. */
  receivedAt: string;
}

/**
 * A judged request as the request thread needs it, and nothing more: the per-item answer
 * is already JSON and the records already laid out as Kafka stores them, so handing it over
 * costs little and the producer has less to encode.
 */
export interface JudgedRequest {
  received: number;
  accepted: number;
  rejected: number;
  /** The `items` of the answer, as JSON. */
  itemsJson: string;
  records: PackedRecords;
  /** Envelopes for the rejected topic. */
  refusals: OutgoingMessage[];
  rejectReasons: { reason: RejectReason; field: string }[];
  /** Items for orgs the key may not submit for: the request is refused with 403. */
  forbidden: IngestItemResultV1[];
}

const READING_COLUMNS = readingColumns();

const NDJSON = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];
const CSV = ['text/csv', 'application/csv'];
export const BODY_TYPES = ['application/json', ...NDJSON, ...CSV];

const mediaTypeOf = (contentType: string) => contentType.split(';')[0]?.trim().toLowerCase() ?? '';

const charsetOf = (contentType: string) => /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];

function nonEmpty(items: RawItem[]): RawItem[] {
  if (items.length === 0) throw new BodyError(400, 'no_items', 'the body holds no items');
  return items;
}

function itemsOf(req: RequestToJudge): RawItem[] {
  const type = mediaTypeOf(req.contentType);
  const body = Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
  if (req.route === 'POST /v1/readings/csv') {
    if (!CSV.includes(type)) {
      throw new BodyError(
        415,
        'unsupported_media_type',
        `POST /v1/readings/csv takes text/csv (UTF-8, GBK or GB18030, with a header row); got '${type || 'no Content-Type'}'`,
      );
    }
    const { text } = decodeCsv(body, charsetOf(req.contentType));
    return nonEmpty(itemsFromCsv(text, READING_COLUMNS));
  }
  if (type === 'application/json') return nonEmpty(itemsFromJson(body));
  if (NDJSON.includes(type)) return nonEmpty(itemsFromNdjson(body));
  throw new BodyError(
    415,
    'unsupported_media_type',
    `${req.route} takes application/json (an array of items) or application/x-ndjson (one item per line)${req.route === 'POST /v1/readings' ? '; CSV goes to POST /v1/readings/csv' : ''}; got '${type || 'no Content-Type'}'`,
  );
}

/** Reads a request's items, judges them, and packs the outcome for the request thread. */
export function judgeRequest(req: RequestToJudge, key: ApiKey, topics: TopicNames): JudgedRequest {
  const items = itemsOf(req);
  const ctx = { key, requestId: req.requestId, topics, now: () => req.receivedAt };
  const judgement =
    req.route === 'POST /v1/outputs' ? judgeOutputs(items, ctx) : judgeReadings(items, ctx);
  const topic = req.route === 'POST /v1/outputs' ? topics.outputs : topics.readings;
  return {
    received: judgement.items.length,
    accepted: judgement.accepted.length,
    rejected: judgement.rejected.length,
    itemsJson: JSON.stringify(judgement.items),
    records: packRecords(topic, judgement.accepted),
    refusals: judgement.rejected,
    rejectReasons: judgement.rejectReasons,
    forbidden: judgement.forbidden,
  };
}
