import { platformConnectorService } from './platform-connector-service.js';

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

export const localServices: LocalService[] = [platformConnectorService];
