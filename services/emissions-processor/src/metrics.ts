import { Counter, Gauge, Histogram, type Registry } from '@carbon-account/runtime';

/** What an operator watches: throughput, rejections by reason, retries, lag per partition. */
export function emissionsProcessorMetrics(registry: Registry) {
  return {
    messages: new Counter({
      name: 'readings_consumed_total',
      help: 'Messages read from energy.readings.v1',
      registers: [registry],
    }),
    stored: new Counter({
      name: 'readings_stored_total',
      help: 'Reading versions stored (new and corrections)',
      registers: [registry],
    }),
    duplicates: new Counter({
      name: 'readings_duplicate_total',
      help: 'Re-deliveries of stored readings, written nowhere',
      registers: [registry],
    }),
    corrections: new Counter({
      name: 'readings_corrected_total',
      help: 'Readings replaced by a newer version with other content',
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'readings_rejected_total',
      help: 'Readings refused, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'batch_retries_total',
      help: 'Batches that failed to store and were retried',
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'batch_duration_seconds',
      help: 'Time to process one batch',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    stepSeconds: new Counter({
      name: 'batch_step_seconds_total',
      help: 'Time spent per batch step (decode, compute, lookup, plan, store, publish)',
      labelNames: ['step'],
      registers: [registry],
    }),
    rejectionsStored: new Counter({
      name: 'published_rejections_stored_total',
      help: 'Refusals published by other services stored in rejected_readings, by source kind',
      labelNames: ['source'],
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'consumer_lag_messages',
      help: 'Messages behind the end of the partition',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    }),
  };
}
