import { unpackRecords } from '@carbon-account/kafka';
import type { IngestErrorV1 } from '@carbon-account/schemas';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey } from './api-keys.js';
import type { IngestRoute, JudgedRequest } from './intake/judge-request.js';
import type { RequestJudge } from './intake/judge-threads.js';
import { KafkaUnavailable, type KafkaWriter } from './kafka-writer.js';
import type { IngestApiMetrics } from './metrics.js';

export interface RouteDeps {
  judge: RequestJudge;
  writer: KafkaWriter;
  metrics: IngestApiMetrics;
  retryAfterSeconds: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKey: ApiKey;
  }
}

export function registerIngestRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const judged = (req: FastifyRequest, route: IngestRoute) =>
    deps.judge.judge({
      route,
      contentType: req.headers['content-type'] ?? '',
      // A POST without a body has none; it is then refused for its (missing) Content-Type.
      body: (req.body as Buffer | undefined) ?? Buffer.alloc(0),
      keyId: req.apiKey.id,
      requestId: req.id,
      receivedAt: new Date().toISOString(),
    });

  async function answer(
    req: FastifyRequest,
    reply: FastifyReply,
    kind: 'reading' | 'output',
    judgement: JudgedRequest,
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
    // IngestResponseV1, its items already JSON from the judging thread.
    const summary = `{"requestId":${JSON.stringify(req.id)},"received":${judgement.received},"accepted":${judgement.accepted},"rejected":${judgement.rejected},"items":${judgement.itemsJson}}`;
    const json = 'application/json; charset=utf-8';
    if (judgement.accepted === 0) {
      // Nothing to accept: the refusals still go to the rejected topic, best effort.
      await deps.writer.write(judgement.refusals).catch((err) => {
        req.log.warn(
          { err },
          'rejected items could not be published; the client was told directly',
        );
      });
      return reply.code(400).type(json).send(summary);
    }
    try {
      await deps.writer.write([...unpackRecords(judgement.records), ...judgement.refusals]);
    } catch (err) {
      if (!(err instanceof KafkaUnavailable)) throw err;
      req.log.warn(
        { reason: err.reason, items: judgement.received },
        'request answered 503: Kafka did not take it',
      );
      const body: IngestErrorV1 = {
        requestId: req.id,
        error: 'kafka_unavailable',
        message: `${err.message}. Nothing of this request was accepted: send it again later (readingIds make a resend safe)`,
      };
      return reply.code(503).header('retry-after', String(deps.retryAfterSeconds)).send(body);
    }
    deps.metrics.accepted.inc({ kind }, judgement.accepted);
    return reply.code(202).type(json).send(summary);
  }

  app.post('/v1/readings', async (req, reply) =>
    answer(req, reply, 'reading', await judged(req, 'POST /v1/readings')),
  );
  app.post('/v1/readings/csv', async (req, reply) =>
    answer(req, reply, 'reading', await judged(req, 'POST /v1/readings/csv')),
  );
  app.post('/v1/outputs', async (req, reply) =>
    answer(req, reply, 'output', await judged(req, 'POST /v1/outputs')),
  );
}
