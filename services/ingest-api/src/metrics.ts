import { Counter, Histogram, type Registry } from '@carbon-account/runtime';

/** What an operator watches: requests by answer, items accepted and refused, Kafka latency. */
export function ingestApiMetrics(registry: Registry) {
  return {
    requests: new Counter({
      name: 'ingest_requests_total',
      help: 'Requests by route and HTTP status',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    accepted: new Counter({
      name: 'ingest_items_accepted_total',
      help: 'Items acknowledged by Kafka, by kind (reading, output)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'ingest_items_rejected_total',
      help: 'Items refused, by reason and the first field at fault',
      labelNames: ['kind', 'reason', 'field'],
      registers: [registry],
    }),
    kafkaWriteSeconds: new Histogram({
      name: 'ingest_kafka_write_seconds',
      help: 'Time from handing records to the producer to the acknowledgement of all replicas',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    lateWrites: new Counter({
      name: 'ingest_kafka_late_writes_total',
      help: 'Writes that reached Kafka after their request was answered 503',
      registers: [registry],
    }),
  };
}

export type IngestApiMetrics = ReturnType<typeof ingestApiMetrics>;
