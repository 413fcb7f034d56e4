import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Development API keys of the ingest API (npm start only; never used elsewhere). */
export const DEV_INGEST_KEYS = {
  /** Platform key for every org registered in Wushan County (500237), any source, so the simulator can use it. */
  platform: 'dev-platform-500237',
  /** Enterprise key for the DESIGN.md example org 91500237MA5U7T2K1Y. */
  enterprise: 'dev-enterprise-91500237MA5U7T2K1Y',
};

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Writes the development keys file of the ingest API under the main job's folder. */
export function ingestApiDevKeysFile(dir: string): string {
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
