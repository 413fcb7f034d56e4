import { join } from 'node:path';
import { type DevKeys, describeDevKeys, queryApiDevKeys } from './query-api-dev-keys.js';

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

let queryApiKeys: DevKeys | undefined;

export const localServices: LocalService[] = [
  {
    name: 'query-api',
    port: 8080,
    env: (ctx) => {
      queryApiKeys = queryApiDevKeys(ctx.dir);
      // A bounded heap keeps the API under ~300 MB RSS under load (tsx alone is ~170 MB).
      return {
        QUERY_API_KEYS_FILE: queryApiKeys.keysFile,
        NODE_OPTIONS: '--max-old-space-size=160',
      };
    },
    describe: (port) =>
      `http://127.0.0.1:${port} (docs /docs, OpenAPI /openapi.json); dev keys:${describeDevKeys(queryApiKeys)}`,
    // After the simulator has written orgs.json, so the enterprise key can name its first org.
    late: true,
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

localServices.push({
  name: 'account-processor',
  port: 9102,
  describe: (port) => `monthly accounts and ledger; ops on http://127.0.0.1:${port}/metrics`,
  env: (ctx) => ({ ORG_REGISTRY_FILE: join(ctx.dir, 'orgs.json') }),
});
