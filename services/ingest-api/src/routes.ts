import type { TopicNames } from '@carbon-account/kafka';
import type { IngestErrorV1, IngestResponseV1 } from '@carbon-account/schemas';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey } from './api-keys.js';
import { BodyError } from './intake/body-error.js';
import { decodeCsv, itemsFromCsv } from './intake/csv.js';
import { itemsFromJson, itemsFromNdjson, type RawItem } from './intake/items.js';
import { type Judgement, judgeOutputs, judgeReadings } from './intake/judge.js';
import { KafkaUnavailable, type KafkaWriter } from './kafka-writer.js';
import type { IngestApiMetrics } from './metrics.js';

export interface RouteDeps {
  topics: TopicNames;
  writer: KafkaWriter;
  metrics: IngestApiMetrics;
  retryAfterSeconds: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKey: ApiKey;
  }
}

const READING_COLUMNS = {
  known: [
    'readingId',
    'orgId',
    'meterId',
    'source',
    'type',
    'quantity',
    'unit',
    'periodStart',
    'periodEnd',
    'greenElectricityKWh',
    'densityKgPerL',
    'steamEnthalpyKJPerKg',
  ],
  numeric: ['quantity', 'greenElectricityKWh', 'densityKgPerL', 'steamEnthalpyKJPerKg'],
};

const NDJSON = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];
export const BODY_TYPES = ['application/json', ...NDJSON, 'text/csv', 'application/csv'];

const mediaType = (req: FastifyRequest) =>
  (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

const charsetOf = (req: FastifyRequest) =>
  /charset\s*=\s*"?([^";\s]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1];

function nonEmpty(items: RawItem[]): RawItem[] {
  if (items.length === 0) throw new BodyError(400, 'no_items', 'the body holds no items');
  return items;
}

function jsonOrNdjson(req: FastifyRequest, route: string): RawItem[] {
  const type = mediaType(req);
  const body = req.body as Buffer;
  if (type === 'application/json') return nonEmpty(itemsFromJson(body));
  if (NDJSON.includes(type)) return nonEmpty(itemsFromNdjson(body));
  throw new BodyError(
    415,
    'unsupported_media_type',
    `${route} takes application/json (an array of items) or application/x-ndjson (one item per line)${route === 'POST /v1/readings' ? '; CSV goes to POST /v1/readings/csv' : ''}; got '${type || 'no Content-Type'}'`,
  );
}

export function registerIngestRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const now = () => new Date().toISOString();
  const context = (req: FastifyRequest) => ({
    key: req.apiKey,
    requestId: req.id,
    topics: deps.topics,
    now,
  });

  async function answer(
    req: FastifyRequest,
    reply: FastifyReply,
    kind: 'reading' | 'output',
    judgement: Judgement,
  ) {
    if (judgement.forbidden.length > 0) {
      const body: IngestErrorV1 = {
        requestId: req.id,
        error: 'forbidden_org',
        message: `API key '${req.apiKey.id}' may not submit for the orgs of ${judgement.forbidden.length} item(s); nothing of this request was accepted`,
        items: judgement.forbidden,
      };
      return reply.code(403).send(body);
    }
    for (const r of judgement.rejectReasons) deps.metrics.rejected.inc({ kind, ...r });
    const summary: IngestResponseV1 = {
      requestId: req.id,
      received: judgement.items.length,
      accepted: judgement.accepted.length,
      rejected: judgement.rejected.length,
      items: judgement.items,
    };
    if (judgement.accepted.length === 0) {
      // Nothing to accept: the refusals still go to the rejected topic, best effort.
      await deps.writer.write(judgement.rejected).catch((err) => {
        req.log.warn(
          { err },
          'rejected items could not be published; the client was told directly',
        );
      });
      return reply.code(400).send(summary);
    }
    try {
      await deps.writer.write([...judgement.accepted, ...judgement.rejected]);
    } catch (err) {
      if (!(err instanceof KafkaUnavailable)) throw err;
      req.log.warn(
        { reason: err.reason, items: judgement.items.length },
        'request answered 503: Kafka did not take it',
      );
      const body: IngestErrorV1 = {
        requestId: req.id,
        error: 'kafka_unavailable',
        message: `${err.message}. Nothing of this request was accepted: send it again later (readingIds make a resend safe)`,
      };
      return reply.code(503).header('retry-after', String(deps.retryAfterSeconds)).send(body);
    }
    deps.metrics.accepted.inc({ kind }, judgement.accepted.length);
    return reply.code(202).send(summary);
  }

  app.post('/v1/readings', (req, reply) =>
    answer(
      req,
      reply,
      'reading',
      judgeReadings(jsonOrNdjson(req, 'POST /v1/readings'), context(req)),
    ),
  );

  app.post('/v1/readings/csv', (req, reply) => {
    const type = mediaType(req);
    if (type !== 'text/csv' && type !== 'application/csv') {
      throw new BodyError(
        415,
        'unsupported_media_type',
        `POST /v1/readings/csv takes text/csv (UTF-8, GBK or GB18030, with a header row); got '${type || 'no Content-Type'}'`,
      );
    }
    const { text } = decodeCsv(req.body as Buffer, charsetOf(req));
    return answer(
      req,
      reply,
      'reading',
      judgeReadings(nonEmpty(itemsFromCsv(text, READING_COLUMNS)), context(req)),
    );
  });

  app.post('/v1/outputs', (req, reply) =>
    answer(req, reply, 'output', judgeOutputs(jsonOrNdjson(req, 'POST /v1/outputs'), context(req))),
  );
}
