import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyLedgerChain } from '@carbon-account/accounting';
import type { ClickHouse } from '@carbon-account/clickhouse';
import type { Tethered } from '@carbon-account/infra';
import type { OrgOutputV1, OrgRecord } from '@carbon-account/schemas';
import { afterAll, describe, expect, it } from 'vitest';
import {
  accountsDiff,
  accountsFinal,
  creditsDiff,
  expectedAccounts,
  SETTLE_QUICKLY,
  storedAccounts,
  storedLedgers,
} from '../src/account-checks.js';
import {
  freshDatabase,
  freshTopics,
  killService,
  runServiceEnv,
  seeded,
  startService,
  testOrgIds,
  testReadings,
} from '../src/index.js';
import { processorsCaughtUp, produceOutputs, produceReadings } from '../src/pipeline-checks.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MONTHS = ['2025-01', '2025-02', '2025-03'];
const orgIds = testOrgIds(12, 'K');
const registry: OrgRecord[] = orgIds.map((orgId, i) => ({
  orgId,
  name: `企业 ${i}`,
  industryCode: i % 2 ? 'C3011' : 'D4411',
  town: '巫峡镇',
  regionCode: '500237',
  baselineIntensity: 2.5,
}));
const outputs: OrgOutputV1[] = orgIds.flatMap((orgId, i) =>
  MONTHS.map((month) => ({
    orgId,
    month,
    valueAddedCNY: 1_500_000 + i * 70_000,
    outputValueCNY: 4_000_000,
    reportId: `${month}-v1`,
    reportedAt: `${month}-28T10:00:00+08:00`,
  })),
);

describe('account processor killed with SIGKILL mid-run', () => {
  let ch: ClickHouse | undefined;
  let dir: string | undefined;
  const running: Tethered[] = [];
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await ch?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('three kills while months fill up and credits are issued: accounts, credits and chains exact', {
    timeout: 300_000,
  }, async () => {
    ch = await freshDatabase();
    const { kafka, topics, prefix } = await freshTopics(3);
    dir = mkdtempSync(join(tmpdir(), 'account-kill-'));
    writeFileSync(join(dir, 'orgs.json'), JSON.stringify({ orgs: registry }));
    const env = (group: string, extra: Record<string, string> = {}) =>
      runServiceEnv({ database: (ch as ClickHouse).database, prefix }, group, {
        ORG_REGISTRY_FILE: join(dir as string, 'orgs.json'),
        RECOMPUTE_INTERVAL_MS: '300',
        ...SETTLE_QUICKLY,
        ...extra,
      });
    // A killed account processor's partitions move on after its session timeout.
    const accountEnv = env('account-processor', { KAFKA_SESSION_TIMEOUT_MS: '10000' });
    running.push(startService('emissions-processor', env('emissions-processor')));
    let accounts = startService('account-processor', accountEnv);
    running.push(accounts);

    // Output reports first, so a month whose readings are in settles with its credits: the
    // ledger takes entries all through the run, under the kills.
    await produceOutputs(kafka, topics, outputs);
    const readings = testReadings({
      orgIds,
      from: '2025-01-01T00:00:00+08:00',
      hours: 90 * 24,
      seed: 5,
    });
    const producing = produceReadings(kafka, topics, readings);
    const random = seeded(3);
    for (let kill = 0; kill < 3; kill++) {
      await sleep(3_000 + random() * 5_000);
      await killService(accounts);
      accounts = startService('account-processor', accountEnv);
      running.push(accounts);
    }
    await producing;
    await processorsCaughtUp(kafka, topics, {
      emissions: `${prefix}emissions-processor`,
      accounts: `${prefix}account-processor`,
    });
    await accountsFinal(ch);

    const want = expectedAccounts({ readings, outputs, registry });
    expect(accountsDiff(want, await storedAccounts(ch))).toEqual([]);
    const ledgers = await storedLedgers(ch);
    expect(creditsDiff(want, ledgers)).toEqual([]);
    for (const entries of ledgers.values()) {
      expect(verifyLedgerChain(entries)).toEqual({ valid: true });
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      const ids = entries.map((e) => e.entryId);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
