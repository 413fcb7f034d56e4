import { Counter, Gauge, type Registry } from '@carbon-account/runtime';

/** What an operator watches: what was generated, what the target took or refused, retries, how current it is. */
export function simulatorMetrics(registry: Registry) {
  return {
    generated: new Counter({
      name: 'simulator_events_total',
      help: 'Events generated, by kind (reading, output, gap) and flaw (none, wrong_unit, negative_quantity, duplicate, gap)',
      labelNames: ['kind', 'flaw'],
      registers: [registry],
    }),
    accepted: new Counter({
      name: 'simulator_accepted_total',
      help: 'Readings and output reports the target took',
      labelNames: ['kind'],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'simulator_rejected_total',
      help: 'Readings and output reports the target refused',
      labelNames: ['kind'],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'simulator_send_retries_total',
      help: 'Sends that failed or were deferred (503 Retry-After) and were sent again',
      registers: [registry],
    }),
    periodEnd: new Gauge({
      name: 'simulator_sent_period_end_seconds',
      help: 'End of the newest period sent (unix seconds); in live mode it trails the clock by at most one period',
      registers: [registry],
    }),
  };
}

export type SimulatorMetrics = ReturnType<typeof simulatorMetrics>;
