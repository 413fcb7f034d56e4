import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type OrgRecord, orgRegistryFile } from '@carbon-account/schemas';

/**
 * Writes the registry of the simulated orgs (orgRegistryFile JSON) for the account
 * processor. Written to a temporary name and renamed, so a reader never sees half a file.
 */
export async function writeRegistryFile(path: string, orgs: readonly OrgRecord[]): Promise<void> {
  const content = orgRegistryFile.parse({ orgs });
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, 'utf8');
  await rename(temporary, path);
}
