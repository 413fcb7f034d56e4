import {
  monthCloser,
  unfollowedRestatements,
  upstreamDrained,
} from '@carbon-account/account-processor/pipeline';
import type { ClickHouse } from '@carbon-account/clickhouse';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, freshTopics } from '../src/index.js';

// Any instance may restate an org's final account, but only the instance holding the org's
// partition makes it final and adjusts its ledger. Closers over the real server; which
// instance holds the org is theirs to say, so it is set by the test.
describe('the month closer', () => {
  let ch: ClickHouse;
  beforeAll(async () => {
    ch = await freshDatabase();
  });
  afterAll(async () => {
    await ch?.close();
  });

  const account =
    (org: string, month: string) =>
    (v: number, at: number, how: 'provisional' | 'final' | 'restated') => ({
      org_id: org,
      month,
      version: v,
      provisional: how === 'provisional' ? 1 : 0,
      restated: how === 'restated' ? 1 : 0,
      restatement_note: how === 'restated' ? 'tco2e_location 1 → 2' : '',
      computed_at: at,
    });
  const closer = (opts: {
    holds: () => boolean;
    drained?: () => boolean;
    joins?: () => number;
    handed: unknown[];
  }) =>
    monthCloser({
      ch,
      closeDays: 10,
      settleSeconds: 600,
      ownedOrgs: async (orgIds) => new Set(opts.holds() ? orgIds : []),
      joins: opts.joins ?? (() => 0),
      recompute: async (changes) => {
        opts.handed.push(...changes);
      },
      upstreamDrained: async () => ({ drained: opts.drained?.() ?? true, behind: [] }),
    });

  it('hands a restatement to whoever holds the org after a rebalance, once per version', async () => {
    const org = '91500237MA5UXXXX1X';
    const month = '2026-01';
    const v = account(org, month);
    const now = Math.floor(Date.now() / 1000);
    await ch.insert('monthly_accounts', [v(1, now - 3600, 'final'), v(2, now - 30, 'restated')]);
    let holder: 'a' | 'c' | undefined;
    const handedA: unknown[] = [];
    const handedC: unknown[] = [];
    const a = closer({ holds: () => holder === 'a', handed: handedA });
    const c = closer({ holds: () => holder === 'c', handed: handedC });

    // The partition is moving: neither holds it, neither hands anything over.
    expect((await a()).handed).toBe(0);
    expect((await c()).handed).toBe(0);

    // c took it: its next pass hands the restated month to its ledger writer, once.
    holder = 'c';
    expect((await c()).handed).toBe(1);
    expect(handedC).toEqual([{ orgId: org, month, ledgerOwner: true }]);
    expect((await a()).handed).toBe(0);
    expect((await c()).handed).toBe(0);
    expect(handedA).toEqual([]);

    // A newer restatement of the same month is handed over again.
    await ch.insert('monthly_accounts', [v(3, now - 5, 'restated')]);
    expect((await c()).handed).toBe(1);
    expect(handedC).toHaveLength(2);
  });

  it('follows a restatement made while nobody held the org, however long the partition was unheld', async () => {
    const org = '91500237MA5UXXXX3X';
    const month = '2026-03';
    const v = account(org, month);
    const now = Math.floor(Date.now() / 1000);
    await ch.insert('monthly_accounts', [v(1, now - 7200, 'final'), v(2, now - 60, 'restated')]);
    let holds = false;
    let joins = 0;
    const handed: { orgId: string }[] = [];
    const pass = closer({ holds: () => holds, joins: () => joins, handed });
    const mine = () => handed.filter((h) => h.orgId === org);

    // Nobody holds the org's partition for an hour: every pass sees the restatement, none
    // may adjust the ledger, and it falls out of the passes' read-back.
    expect((await pass(now * 1000)).handed).toBe(0);
    expect((await pass((now + 3600) * 1000)).handed).toBe(0);
    // Holding the org is not enough once the restatement is out of the read-back...
    holds = true;
    await pass((now + 3610) * 1000);
    expect(mine()).toEqual([]);
    // ...but being given partitions does: the next pass sweeps what no ledger followed, once.
    joins++;
    await pass((now + 3620) * 1000);
    expect(mine()).toEqual([{ orgId: org, month, ledgerOwner: true }]);
    await pass((now + 3630) * 1000);
    expect(mine()).toHaveLength(1);
  });

  it('follows a restatement days old once partitions come to it, unless its ledger followed it', async () => {
    const month = '2026-04';
    const [a, b] = ['91500237MA5UXXXX4X', '91500237MA5UXXXX5X'];
    const now = Math.floor(Date.now() / 1000);
    const days = (n: number) => now - n * 86_400;
    await ch.insert('monthly_accounts', [
      ...[a, b].flatMap((org) => [
        account(org, month)(1, days(4), 'final'),
        account(org, month)(2, days(3), 'restated'),
      ]),
    ]);
    // b's ledger writer followed version 2 when it was made; a's never did.
    const followed = (org: string, version: number) =>
      ch.insert('ledger_followed', [
        { org_id: org, month, account_version: version, followed_at: now },
      ]);
    await followed(b, 2);
    let holds = false;
    let joins = 0;
    const handed: { orgId: string }[] = [];
    const pass = closer({ holds: () => holds, joins: () => joins, handed });
    const ours = () => handed.filter((h) => h.orgId === a || h.orgId === b);

    await pass(); // the sweep at start: nobody holds them
    holds = true;
    await pass(); // held, but three days old: out of every read-back
    expect(ours()).toEqual([]);
    joins++;
    await pass();
    expect(ours()).toEqual([{ orgId: a, month, ledgerOwner: true }]);

    // Once a's ledger writer followed it, the next join leaves it alone; a newer version of
    // b, again days old, is what that join finds.
    await followed(a, 2);
    await ch.insert('monthly_accounts', [account(b, month)(3, days(2), 'restated')]);
    joins++;
    await pass();
    expect(ours()).toEqual([
      { orgId: a, month, ledgerOwner: true },
      { orgId: b, month, ledgerOwner: true },
    ]);
    await pass();
    expect(ours()).toHaveLength(2);
  });

  it('reads unfollowed restatements page by page, in (org, month) order', async () => {
    const own = await freshDatabase();
    try {
      const orgs = ['91500237MA5UYYYY1X', '91500237MA5UYYYY2X', '91500237MA5UYYYY3X'];
      const now = Math.floor(Date.now() / 1000);
      await own.insert(
        'monthly_accounts',
        orgs.flatMap((org) => [
          account(org, '2025-12')(1, now - 7200, 'final'),
          account(org, '2025-12')(2, now - 3600, 'restated'),
        ]),
      );
      // A final account never restated is not looked at.
      await own.insert('monthly_accounts', [
        account('91500237MA5UYYYY4X', '2025-12')(1, now - 3600, 'final'),
      ]);
      const first = await unfollowedRestatements(own, { orgId: '', month: '' }, 2);
      expect(first.map((r) => r.orgId)).toEqual(orgs.slice(0, 2));
      expect(first[0]?.computedAt).toBe(now - 3600);
      const last = first[1] as { orgId: string; month: string };
      expect((await unfollowedRestatements(own, last, 2)).map((r) => r.orgId)).toEqual([orgs[2]]);
    } finally {
      await own.close();
    }
  });

  it('leaves a settled account provisional while data is still on its way upstream', async () => {
    const org = '91500237MA5UXXXX2X';
    const month = '2026-02';
    const now = Math.floor(Date.now() / 1000);
    await ch.insert('monthly_accounts', [account(org, month)(1, now - 3600, 'provisional')]);
    let drained = false;
    const handed: { orgId: string }[] = [];
    const pass = closer({ holds: () => true, drained: () => drained, handed });

    const waiting = await pass();
    expect(waiting.waitingForUpstream).toBeGreaterThanOrEqual(1);
    expect(handed.filter((h) => h.orgId === org)).toEqual([]);

    drained = true;
    const done = await pass();
    expect(done.waitingForUpstream).toBe(0);
    expect(handed.filter((h) => h.orgId === org)).toEqual([
      { orgId: org, month, ledgerOwner: true },
    ]);
  });
});

// Whether the consumers upstream of the accounts have read what was on their topics at the
// previous check, from the real broker's end and committed offsets.
describe('upstream drained', () => {
  let admin: Admin;
  afterAll(async () => {
    await admin?.disconnect();
  });

  it('says no at the first check, yes once each group read what was there, no when one stalls', async () => {
    const { kafka, topics, prefix } = await freshTopics(2);
    admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer();
    await producer.connect();
    const produce = (n: number) =>
      producer.send({
        topic: topics.readings,
        messages: Array.from({ length: n }, (_, i) => ({ key: `org${i % 5}`, value: 'x' })),
      });
    const groupId = `${prefix}emissions-processor`;
    const commitEnds = async () => {
      const ends = await admin.fetchTopicOffsets(topics.readings);
      await admin.setOffsets({
        groupId,
        topic: topics.readings,
        partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
      });
    };
    const check = upstreamDrained(admin, [{ groupId, topic: topics.readings }]);

    await produce(20);
    expect((await check()).drained).toBe(false); // nothing to compare with yet
    await commitEnds();
    await produce(10); // arrived after the check: not needed yet
    expect(await check()).toEqual({ drained: true, behind: [] });

    // The group stops here: what arrived before this check is still unread at the next.
    const stalled = await check();
    expect(stalled.drained).toBe(false);
    expect(stalled.behind.length).toBeGreaterThanOrEqual(1);
    expect(stalled.behind[0]).toMatchObject({ groupId, topic: topics.readings });

    await commitEnds();
    expect((await check()).drained).toBe(true);

    // A group that never committed on the topic (a wrong EMISSIONS_PROCESSOR_GROUP_ID) is
    // named as such.
    const wrong = upstreamDrained(admin, [{ groupId: `${prefix}nobody`, topic: topics.readings }]);
    await wrong();
    const never = await wrong();
    expect(never.drained).toBe(false);
    expect(never.behind.length).toBeGreaterThanOrEqual(1);
    expect(never.behind.every((b) => b.neverCommitted && b.committed === '0')).toBe(true);
    expect(stalled.behind.every((b) => !b.neverCommitted)).toBe(true);
    await producer.disconnect();
  });
});
