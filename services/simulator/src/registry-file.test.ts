import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orgRegistryFile } from '@carbon-account/schemas';
import { simulatedOrgs } from '@carbon-account/simulation';
import { describe, expect, it } from 'vitest';
import { writeRegistryFile } from './registry-file.js';

describe('org registry file', () => {
  it('holds the simulated orgs as orgRegistryFile JSON, replacing an older file whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'registry-'));
    try {
      const path = join(dir, 'nested', 'orgs.json');
      await writeRegistryFile(path, simulatedOrgs(50, 1));
      await writeRegistryFile(path, simulatedOrgs(5, 2));
      const parsed = orgRegistryFile.parse(JSON.parse(await readFile(path, 'utf8')));
      expect(parsed.orgs).toEqual(simulatedOrgs(5, 2));
      expect(await readdir(join(dir, 'nested'))).toEqual(['orgs.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
