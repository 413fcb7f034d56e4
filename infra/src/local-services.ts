import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
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

/** Development API keys of the ingest API (npm start only; never used elsewhere). */
export const DEV_INGEST_KEYS = {
  /** Platform key for every org registered in Wushan County (500237), any source, so the simulator can use it. */
  platform: 'dev-platform-500237',
  /** Enterprise key for the DESIGN.md example org 91500237MA5U7T2K1Y. */
  enterprise: 'dev-enterprise-91500237MA5U7T2K1Y',
};

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Writes the development keys file of the ingest API under the main job's folder. */
function devIngestKeysFile(dir: string): string {
  const file = join(dir, 'ingest-api-keys.json');
  const keys = [
    {
      id: 'dev-platform',
      kind: 'platform',
      sha256: sha256(DEV_INGEST_KEYS.platform),
      regionPrefixes: ['500237'],
      sources: ['platform', 'enterprise', 'cems'],
    },
    {
      id: 'dev-enterprise',
      kind: 'enterprise',
      sha256: sha256(DEV_INGEST_KEYS.enterprise),
      orgs: ['91500237MA5U7T2K1Y'],
    },
  ];
  writeFileSync(file, `${JSON.stringify({ keys }, null, 2)}\n`);
  return file;
}

/** Where the simulator writes the registry of the orgs it simulates; the account processor loads it. */
export const simulatedOrgRegistryFile = (ctx: MainJobContext) => join(ctx.dir, 'orgs.json');

export const localServices: LocalService[] = [
  {
    name: 'emissions-processor',
    port: 9101,
    describe: (port) => `emissions processor: http://127.0.0.1:${port}/metrics`,
    // A bounded heap: V8 otherwise lets garbage grow the RSS past 500 MB under full load.
    env: () => ({ NODE_OPTIONS: '--max-old-space-size=192' }),
  },
  {
    name: 'ingest-api',
    port: 8081,
    describe: (port) =>
      `ingest API http://127.0.0.1:${port} (dev keys: platform ${DEV_INGEST_KEYS.platform}, enterprise ${DEV_INGEST_KEYS.enterprise}; try: curl -H 'authorization: Bearer ${DEV_INGEST_KEYS.enterprise}' -H 'content-type: application/json' --data-binary @readings.json http://127.0.0.1:${port}/v1/readings)`,
    env: (ctx) => ({ INGEST_API_KEYS_FILE: devIngestKeysFile(ctx.dir) }),
  },
  {
    name: 'account-processor',
    port: 9102,
    describe: (port) => `monthly accounts and ledger; ops on http://127.0.0.1:${port}/metrics`,
    env: (ctx) => ({ ORG_REGISTRY_FILE: simulatedOrgRegistryFile(ctx) }),
  },
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
