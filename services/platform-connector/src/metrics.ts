import { Counter, Gauge, type Registry } from '@carbon-account/runtime';

/** What an operator watches: lines in, rejections by reason, files, the platform poll. */
export function platformConnectorMetrics(registry: Registry) {
  return {
    published: new Counter({
      name: 'platform_readings_published_total',
      help: 'Readings published to energy.readings.v1 (committed)',
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'platform_lines_rejected_total',
      help: 'Export lines put on energy.readings.rejected.v1, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    transactions: new Counter({
      name: 'platform_transactions_total',
      help: 'Kafka transactions committed (one batch of lines and its checkpoint each)',
      registers: [registry],
    }),
    files: new Counter({
      name: 'platform_files_finished_total',
      help: 'Export files finished and moved aside, by outcome (done, unreadable)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    downloads: new Counter({
      name: 'platform_files_downloaded_total',
      help: 'Export files downloaded from the platform listing',
      registers: [registry],
    }),
    pollErrors: new Counter({
      name: 'platform_listing_errors_total',
      help: 'Failed polls of the platform listing or downloads',
      registers: [registry],
    }),
    failures: new Counter({
      name: 'platform_publish_failures_total',
      help: 'Rounds that failed to publish (Kafka) and were recovered from the checkpoints',
      registers: [registry],
    }),
    inbox: new Gauge({
      name: 'platform_inbox_files',
      help: 'Export files waiting in the inbox',
      registers: [registry],
    }),
  };
}
