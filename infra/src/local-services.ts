import { join } from 'node:path';

/**
 * The project's services as the main job (`npm start`) runs them on one machine. A service
 * whose folder does not exist yet is skipped. Each is `tsx services/<name>/src/main.ts`
 * with the shared environment plus its own.
 */
export interface LocalService {
  name: string;
  /** Port for its HTTP server (API or /metrics), passed as PORT. */
  port: number;
  /** What to print for people, e.g. the API's address. */
  describe?: (port: number) => string;
  env?: (ctx: MainJobContext) => Record<string, string>;
  /** Started after the others are ready (e.g. the simulator). */
  late?: boolean;
}

export interface MainJobContext {
  dir: string;
  ports: Record<string, number>;
}

/** The org registry (orgRegistryFile JSON) the simulator writes for the orgs it simulates. */
export const simulatedOrgRegistryFile = (ctx: MainJobContext) => join(ctx.dir, 'orgs.json');

export const localServices: LocalService[] = [
  {
    name: 'simulator',
    port: 9104,
    late: true,
    describe: (port) =>
      `200 simulated Wushan County enterprises straight to Kafka: from the start of the month 45 days ago at full speed, then each 15-minute period as it ends; org registry in .local/dev/orgs.json; metrics http://127.0.0.1:${port}/metrics`,
    env: (ctx) => ({
      TARGET: 'kafka',
      ORG_COUNT: '200',
      BACKFILL_DAYS: '45',
      LIVE: 'true',
      ORG_REGISTRY_FILE: simulatedOrgRegistryFile(ctx),
      // At full speed V8 lets garbage pile up to ~350 MB RSS; a capped heap keeps it near 220 MB at the same rate.
      NODE_OPTIONS: '--max-old-space-size=128',
    }),
  },
];
