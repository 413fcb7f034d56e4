import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalService } from './local-services.js';
import { projectRoot } from './paths.js';

const samples = join(projectRoot, 'services', 'platform-connector', 'samples');

/**
 * The platform connector under `npm start`: an inbox under the main job's folder, seeded
 * with the shipped sample exports the first time, so a newcomer sees platform readings
 * (and a few rejected lines) arrive. Drop more exports into the inbox to publish them.
 */
export const platformConnectorService: LocalService = {
  name: 'platform-connector',
  port: 9103,
  describe: (port) => `ops http://127.0.0.1:${port}/metrics`,
  env: (ctx) => {
    const inbox = join(ctx.dir, 'platform-inbox');
    if (!existsSync(inbox)) {
      mkdirSync(inbox, { recursive: true });
      for (const name of readdirSync(samples)) {
        if (/\.(csv|jsonl)$/.test(name)) copyFileSync(join(samples, name), join(inbox, name));
      }
    }
    return {
      INBOX_DIR: inbox,
      MAPPING_FILE: join(samples, 'mapping.json'),
      // The live heap is small; uncapped, V8 lets garbage grow RSS to ~350 MB under load.
      NODE_OPTIONS: '--max-old-space-size=192',
    };
  },
};
