import { Counter, Gauge, Histogram, type Registry } from '@carbon-account/runtime';

/** What an operator watches: accounts, restatements, credits, rejections, backlog, lag. */
export function accountProcessorMetrics(registry: Registry) {
  return {
    accountsComputed: new Counter({
      name: 'accounts_computed_total',
      help: 'Monthly accounts computed (written or found unchanged)',
      registers: [registry],
    }),
    accountVersions: new Counter({
      name: 'account_versions_written_total',
      help: 'New monthly-account versions written (a figure changed)',
      registers: [registry],
    }),
    restatements: new Counter({
      name: 'account_restatements_total',
      help: 'Account versions that replaced figures of a closed month',
      registers: [registry],
    }),
    monthsClosed: new Counter({
      name: 'account_months_closed_total',
      help: 'Accounts this instance made final: month closed and figures settled (credits follow)',
      registers: [registry],
    }),
    waitingForUpstream: new Gauge({
      name: 'account_months_waiting_for_upstream',
      help: 'Settled accounts of closed months the last closer pass left provisional: a consumer upstream had not read what was on its topic a pass before',
      registers: [registry],
    }),
    closeFailures: new Counter({
      name: 'account_month_close_failures_total',
      help: 'Passes of the month closer that failed (ClickHouse or Kafka); retried at the next check',
      registers: [registry],
    }),
    ledgerEntries: new Counter({
      name: 'ledger_entries_total',
      help: 'Ledger entries appended, by kind (issue, adjust) and methodology',
      labelNames: ['kind', 'methodology'],
      registers: [registry],
    }),
    brokenChains: new Counter({
      name: 'ledger_chain_broken_total',
      help: 'Orgs whose stored ledger chain did not verify; nothing was appended for them',
      registers: [registry],
    }),
    outputs: new Counter({
      name: 'output_reports_stored_total',
      help: 'Output reports stored from org.outputs.v1',
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'messages_rejected_total',
      help: 'Messages refused, by topic and reason',
      labelNames: ['topic', 'reason'],
      registers: [registry],
    }),
    pending: new Gauge({
      name: 'dirty_section_months',
      help: '(section, month) pairs waiting to be recomputed',
      registers: [registry],
    }),
    cycleSeconds: new Histogram({
      name: 'recompute_cycle_seconds',
      help: 'Time of one recompute cycle',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'batch_retries_total',
      help: 'Batches that failed and were retried',
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

export type AccountProcessorMetrics = ReturnType<typeof accountProcessorMetrics>;
