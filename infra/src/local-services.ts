import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulatedOrgs } from '@carbon-account/simulation';
import { DEV_INGEST_KEYS, ingestApiDevKeysFile } from './ingest-api-dev-keys.js';
import { platformConnectorService } from './platform-connector-service.js';
import { type DevKeys, describeDevKeys, queryApiDevKeys } from './query-api-dev-keys.js';

/**
 * The query API's heap: bounded, so it stays under ~300 MB RSS under load (it peaks near
 * 180 MB in the benchmark), with a young generation large enough that a 65 kB answer per
 * request does not set off a scavenge every few requests. Measured on the 12-month daily
 * series: 32 MB takes a third less CPU per request than 16 MB; 64 MB thrashes. The
 * benchmark runs the API with the same options.
 */
export const QUERY_API_NODE_OPTIONS = '--max-old-space-size=160 --max-semi-space-size=32';

/**
 * The emissions processor's memory settings; the benchmark runs it with the same.
 * - Its heap: V8 otherwise lets garbage grow the RSS past 500 MB under full load. Its heap
 *   in use peaks near 90 MB in the benchmark. A 32 MB young generation (or 8 MB) did not
 *   take less CPU, so it keeps V8's default.
 * - glibc's allocator: batches of megabytes make buffers of megabytes (Kafka fetches, rows,
 *   produce requests) that, once freed, glibc kept in its arenas instead of giving back.
 *   Peak RSS in npm run bench -- emissions with 4.5 MiB batches: 317-329 MB without these
 *   two, 299 with two arenas alone, 288 with the fixed mmap threshold alone, 276-286 with
 *   both (the defaults, 3 MiB with one batch stored behind: 265-300).
 */
export const EMISSIONS_PROCESSOR_ENV = {
  NODE_OPTIONS: '--max-old-space-size=160',
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

/**
 * The project's services as the main job (`npm start`) runs them on one machine. A service
 * whose folder does not exist yet is skipped. Each is
 * `node --import tsx services/<name>/src/main.ts` with the shared environment plus its own.
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

const SIMULATED_ORGS = 200;
const SIMULATION_SEED = 1;

/**
 * The registry of the simulated orgs (ctx.dir/orgs.json). Written here, before any service
 * starts, from the same generator and seed the simulator uses (which writes the same file
 * again), so the account processor and the query API's dev keys never wait for it.
 */
export function simulatedOrgRegistryFile(ctx: MainJobContext): string {
  const file = join(ctx.dir, 'orgs.json');
  if (!existsSync(file)) {
    const orgs = simulatedOrgs(SIMULATED_ORGS, SIMULATION_SEED);
    writeFileSync(file, `${JSON.stringify({ orgs }, null, 2)}\n`);
  }
  return file;
}

let queryApiKeys: DevKeys | undefined;

export const localServices: LocalService[] = [
  {
    name: 'emissions-processor',
    port: 9101,
    describe: (port) => `readings → emission lines; ops http://127.0.0.1:${port}/metrics`,
    env: () => EMISSIONS_PROCESSOR_ENV,
  },
  {
    name: 'account-processor',
    port: 9102,
    describe: (port) => `monthly accounts and ledger; ops http://127.0.0.1:${port}/metrics`,
    env: (ctx) => ({
      ORG_REGISTRY_FILE: simulatedOrgRegistryFile(ctx),
      // The simulator's backfill of closed months is final and credited 2 minutes after it
      // ends, so a newcomer sees credits soon; production settles for 10 minutes.
      MONTH_SETTLE_SECONDS: '120',
    }),
  },
  platformConnectorService,
  {
    name: 'ingest-api',
    port: 8081,
    describe: (port) =>
      `http://127.0.0.1:${port} (dev keys: platform ${DEV_INGEST_KEYS.platform}, enterprise ${DEV_INGEST_KEYS.enterprise}; try: curl -H 'authorization: Bearer ${DEV_INGEST_KEYS.enterprise}' -H 'content-type: application/json' --data-binary @readings.json http://127.0.0.1:${port}/v1/readings)`,
    env: (ctx) => ({ INGEST_API_KEYS_FILE: ingestApiDevKeysFile(ctx.dir) }),
  },
  {
    name: 'query-api',
    port: 8080,
    env: (ctx) => {
      simulatedOrgRegistryFile(ctx);
      queryApiKeys = queryApiDevKeys(ctx.dir);
      return {
        QUERY_API_KEYS_FILE: queryApiKeys.keysFile,
        NODE_OPTIONS: QUERY_API_NODE_OPTIONS,
      };
    },
    describe: (port) =>
      `http://127.0.0.1:${port} (docs /docs, OpenAPI /openapi.json); dev keys:${describeDevKeys(queryApiKeys)}`,
  },
  {
    name: 'simulator',
    port: 9104,
    late: true,
    describe: (port) =>
      `${SIMULATED_ORGS} simulated Wushan County enterprises straight to Kafka: from the start of the month 45 days ago at full speed, then each 15-minute period as it ends; org registry in .local/dev/orgs.json; metrics http://127.0.0.1:${port}/metrics`,
    env: (ctx) => ({
      TARGET: 'kafka',
      ORG_COUNT: String(SIMULATED_ORGS),
      SEED: String(SIMULATION_SEED),
      BACKFILL_DAYS: '45',
      LIVE: 'true',
      ORG_REGISTRY_FILE: simulatedOrgRegistryFile(ctx),
      // At full speed V8 lets garbage pile up to ~350 MB RSS; a capped heap keeps it near 220 MB at the same rate.
      NODE_OPTIONS: '--max-old-space-size=128',
    }),
  },
  {
    name: 'dashboard',
    port: 8090,
    describe: (port) =>
      `http://127.0.0.1:${port}/ (sign in with one of the query API's dev keys above)`,
    env: (ctx) => ({ QUERY_API_URL: `http://127.0.0.1:${ctx.ports['query-api'] ?? 8080}` }),
    // Printed after the query API's keys.
    late: true,
  },
];
