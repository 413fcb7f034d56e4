import { Histogram, type Registry } from '@carbon-account/runtime';

export function queryApiMetrics(registry: Registry) {
  return {
    requestSeconds: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer a request, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}
