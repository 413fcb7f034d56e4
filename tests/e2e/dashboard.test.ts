import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouse } from '@carbon-account/clickhouse';
import { freePort, projectRoot, type Tethered } from '@carbon-account/infra';
import { createDurableProducer, type TopicNames } from '@carbon-account/kafka';
import type { OrgOutputV1, OrgRecord, queryApi } from '@carbon-account/schemas';
import type { Kafka } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { formatShare, formatTce, formatTco2e } from '../../services/dashboard/src/web/format.js';
import { accountsFinal, SETTLE_QUICKLY } from '../src/account-checks.js';
import {
  eventually,
  freshDatabase,
  freshTopics,
  launchChromium,
  serviceEnv,
  startService,
  testOrgIds,
  testReadings,
  viewports,
} from '../src/index.js';
import { processorsCaughtUp, produceReadings } from '../src/pipeline-checks.js';
import { startQueryApi } from '../src/query-api-fixtures.js';

// The dashboard over the real pipeline: readings → emissions processor → account
// processor → query API → dashboard, in headless Chromium. Every figure checked on a page
// is compared with what the query API answers the same key for the same request.

const MONTHS = ['2025-01', '2025-02', '2025-03'];
const MONTH = '2025-03';
const orgIds = testOrgIds(4, 'D');
const [orgA, orgB] = orgIds as [string, string];
const bankId = 'cq-rural-bank';
const artifacts = join(projectRoot, 'tests', 'artifacts', 'dashboard');

const registry: OrgRecord[] = orgIds.map((orgId, i) => ({
  orgId,
  name: [
    '巫山县恒达建材有限公司',
    '重庆三峡纸业有限公司',
    '巫山县清源水务有限公司',
    '巫山县华能热力有限公司',
  ][i] as string,
  industryCode: ['C3011', 'C2221', 'D4610', 'D4430'][i] as string,
  town: ['高唐街道', '龙门街道', '巫峡镇', '高唐街道'][i] as string,
  regionCode: '500237',
  ...(i % 2 === 0 ? { baselineIntensity: 2.5 } : {}),
}));

const outputs: OrgOutputV1[] = orgIds.flatMap((orgId, i) =>
  MONTHS.map((month) => ({
    orgId,
    month,
    valueAddedCNY: 1_500_000 + i * 250_000,
    outputValueCNY: 4_500_000 + i * 750_000,
    reportId: `${month}-v1`,
    reportedAt: `${month}-28T10:00:00+08:00`,
  })),
);

type Account = z.infer<typeof queryApi.monthlyAccountBody>;
type Ledger = z.infer<typeof queryApi.ledgerBody>;
type Coverage = z.infer<typeof queryApi.coverageBody>;
type Summary = z.infer<typeof queryApi.regionSummaryBody>;
type TopEmitters = z.infer<typeof queryApi.topEmittersBody>;
type Profile = z.infer<typeof queryApi.profileBody>;
type AccessLog = z.infer<typeof queryApi.accessLogBody>;

const principals = {
  bureau: { kind: 'bureau', regionCode: '500237' },
  enterprise: { kind: 'enterprise', orgIds: [orgA] },
  bank: { kind: 'bank', bankId },
} as const;
type Kind = keyof typeof principals;

describe('dashboard in headless Chromium over the real pipeline', () => {
  let ch: ClickHouse;
  let kafka: Kafka;
  let topics: TopicNames;
  let prefix: string;
  let dir: string;
  let apiUrl: string;
  let dashboardUrl: string;
  let browser: Browser;
  let keys: Record<string, string>;
  let groups: { emissions: string; accounts: string };
  const services: Tethered[] = [];

  /** What the query API answers this principal, straight, not through the dashboard. */
  const api = async <T>(kind: Kind, path: string): Promise<T> => {
    const res = await fetch(`${apiUrl}${path}`, {
      headers: { authorization: `Bearer ${keys[kind]}` },
    });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  const post = async (kind: Kind, path: string, body: unknown) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys[kind]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  };

  /** Waits until the text of what `selector` finds contains `text`. */
  const shows = (page: Page, selector: string, text: string) =>
    eventually(
      `${selector} to show "${text}"`,
      async () => ((await page.locator(selector).first().textContent()) ?? '').includes(text),
      30_000,
    );

  const figure = async (page: Page, id: string) => {
    const el = page.locator(`[data-figure="${id}"]`).first();
    await el.waitFor({ timeout: 30_000 });
    return { value: await el.getAttribute('data-value'), text: (await el.textContent()) ?? '' };
  };

  /**
   * The query API's answer to the page's own request for `path`: what the page must show,
   * exactly. A second request for the same figures may differ in the last digit, as
   * ClickHouse adds floating-point sums in whatever order its parts and threads give.
   */
  const answerTo = <T>(page: Page, path: string, from: string): Promise<T> =>
    page
      .waitForResponse(
        (r) => {
          const url = new URL(r.url());
          return (
            r.request().method() === 'GET' &&
            url.pathname.endsWith(path) &&
            (url.searchParams.get('from') ?? '').startsWith(from)
          );
        },
        { timeout: 60_000 },
      )
      .then(async (r) => (await r.json()) as T);
  /** Equal to summation order: within 1e-12 of each other, relative. */
  const sameSum = (a: number, b: number) =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(a), Math.abs(b)));

  /** Sign in through the form, as a person would. */
  const signIn = async (kind: Kind, opts: { fakeClock?: boolean } = {}) => {
    const context = await browser.newContext({ viewport: viewports.desktop, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The page's timers under the test's control (the minute refresh), time still flowing.
    if (opts.fakeClock) await page.clock.install();
    await page.goto(dashboardUrl);
    // The key alone: the API tells the page whose it is (GET /v1/me).
    await page.fill('[data-field=apiKey]', keys[kind] as string);
    await page.click('form.sign-in button[type=submit]');
    await page.waitForSelector('header [data-action=sign-out]');
    // Each key lands on its own principal's home page.
    const home = { bureau: '#/region', bank: '#/bank', enterprise: `#/org/${orgA}` }[kind];
    expect(new URL(page.url()).hash).toBe(home);
    return { page, errors };
  };

  /** Both viewports, once the page has settled (no request in flight, charts drawn). */
  const screenshots = async (page: Page, name: string) => {
    for (const [viewport, size] of Object.entries(viewports)) {
      await page.setViewportSize(size);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(400);
      // From the top: the sticky header would otherwise sit where the last click scrolled.
      // Runs in the page, where scrollTo is a global (tests type-check without the DOM lib).
      await page.evaluate(() =>
        (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
      );
      await page.screenshot({
        path: join(artifacts, `${name}-${viewport}.png`),
        fullPage: true,
        // Two shared cores: a full-page capture can wait a while for a frame.
        timeout: 90_000,
      });
    }
    await page.setViewportSize(viewports.desktop);
  };

  // The run's months closed long ago: once caught up, accounts settle and are final, so
  // the ledger holds their credits when the pages are read.
  const settled = async () => {
    await processorsCaughtUp(kafka, topics, groups);
    await accountsFinal(ch);
  };

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ch = await freshDatabase();
    ({ kafka, topics, prefix } = await freshTopics(3));
    dir = mkdtempSync(join(tmpdir(), 'dashboard-e2e-'));
    writeFileSync(join(dir, 'orgs.json'), JSON.stringify({ orgs: registry }));
    const common = { CLICKHOUSE_DATABASE: ch.database, KAFKA_TOPIC_PREFIX: prefix, PORT: '0' };
    // Groups of this run's own: the broker may be shared with other test runs.
    groups = { emissions: `${prefix}emissions-processor`, accounts: `${prefix}account-processor` };
    services.push(
      startService(
        'emissions-processor',
        serviceEnv({ ...common, KAFKA_GROUP_ID: groups.emissions }),
      ),
    );
    services.push(
      startService(
        'account-processor',
        serviceEnv({
          ...common,
          KAFKA_GROUP_ID: groups.accounts,
          ORG_REGISTRY_FILE: join(dir, 'orgs.json'),
          RECOMPUTE_INTERVAL_MS: '500',
          ...SETTLE_QUICKLY,
        }),
      ),
    );
    const queryApi = await startQueryApi(ch.database, {
      bureau: { ...principals.bureau },
      enterprise: { ...principals.enterprise, orgIds: [...principals.enterprise.orgIds] },
      bank: { ...principals.bank },
    });
    services.push(queryApi.api);
    apiUrl = queryApi.base;
    keys = queryApi.keys;
    const dashboardPort = await freePort();
    dashboardUrl = `http://127.0.0.1:${dashboardPort}/`;
    services.push(
      startService('dashboard', serviceEnv({ QUERY_API_URL: apiUrl, PORT: String(dashboardPort) })),
    );

    const readings = testReadings({
      orgIds,
      from: '2025-01-01T00:00:00+08:00',
      hours: 90 * 24,
      seed: 23,
    });
    await produceReadings(kafka, topics, readings);
    await settled();
    const producer = await createDurableProducer(kafka);
    await producer.send(
      outputs.map((o) => ({ topic: topics.outputs, key: o.orgId, value: JSON.stringify(o) })),
    );
    await producer.disconnect();
    await settled();
    await eventually('the query API and the dashboard to answer', async () => {
      const [a, d] = await Promise.all([
        fetch(`${apiUrl}/healthz`),
        fetch(`${dashboardUrl}healthz`),
      ]);
      return a.ok && d.ok;
    });
    // Accounts are recomputed on a timer after the outputs arrive: wait for intensity.
    await eventually('the March account with intensity', async () => {
      const a = await api<Account>('enterprise', `/v1/orgs/${orgA}/account?month=${MONTH}`);
      return a.intensityValueAdded !== null && a.grade !== null;
    });
    browser = await launchChromium();
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of services.reverse()) await s.stop();
    await ch?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sign-in page in both languages', async () => {
    const context = await browser.newContext({ viewport: viewports.desktop });
    const page = await context.newPage();
    await page.goto(dashboardUrl);
    await shows(page, 'h1', '登录');
    await screenshots(page, 'sign-in-zh');
    await page.click('[data-action=lang]');
    await shows(page, 'h1', 'Sign in');
    await screenshots(page, 'sign-in-en');
    // A wrong key is refused on the sign-in page with a reason, not later.
    await page.fill('[data-field=apiKey]', 'ck_not-a-key');
    await page.click('form.sign-in button[type=submit]');
    await shows(page, '.form-message', 'invalid or has expired');
    expect(await page.locator('[data-action=sign-out]').count()).toBe(0);
    await context.close();
  });

  it('enterprise: the month’s account, coverage and ledger equal the API’s; consent granted from the page', {
    timeout: 120_000,
  }, async () => {
    const { page, errors } = await signIn('enterprise');
    await page.goto(`${dashboardUrl}#/org/${orgA}?month=${MONTH}`);
    const account = await api<Account>('enterprise', `/v1/orgs/${orgA}/account?month=${MONTH}`);
    const pairs: [string, number | null, string][] = [
      [
        'account.total',
        account.totals.tco2eLocation,
        formatTco2e(account.totals.tco2eLocation, 'zh'),
      ],
      ['account.scope1', account.totals.scope1Tco2e, formatTco2e(account.totals.scope1Tco2e, 'zh')],
      [
        'account.scope2',
        account.totals.scope2Tco2eLocation,
        formatTco2e(account.totals.scope2Tco2eLocation, 'zh'),
      ],
      ['account.tce', account.totals.tce, formatTce(account.totals.tce, 'zh')],
      [
        'account.assets',
        account.assets.balanceTco2e,
        formatTco2e(account.assets.balanceTco2e, 'zh'),
      ],
    ];
    expect(account.totals.tco2eLocation).toBeGreaterThan(0);
    for (const [id, value, text] of pairs) {
      const shown = await figure(page, id);
      expect(shown.value, id).toBe(String(value));
      expect(shown.text, id).toBe(text);
    }
    expect((await figure(page, 'account.intensity')).value).toBe(
      String(account.intensityValueAdded),
    );
    expect((await figure(page, 'account.grade')).value).toBe(String(account.grade));
    expect((await figure(page, 'account.grade')).text).toBe(`${account.grade} 级`);

    const range = 'from=2025-03-01T00:00:00%2B08:00&to=2025-04-01T00:00:00%2B08:00';
    const coverage = await api<Coverage>('enterprise', `/v1/orgs/${orgA}/coverage?${range}`);
    const shownCoverage = await figure(page, 'coverage.share');
    expect(shownCoverage.value).toBe(String(coverage.share));
    expect(shownCoverage.text).toBe(formatShare(coverage.share, 'zh'));

    const ledger = await api<Ledger>('enterprise', `/v1/orgs/${orgA}/ledger`);
    expect((await figure(page, 'ledger.balance')).value).toBe(String(ledger.balanceTco2e));
    expect((await figure(page, 'ledger.verified')).text).toContain(
      ledger.chain.valid ? '哈希链校验通过' : '哈希链校验失败',
    );
    // Provenance: the factor records and versions behind the month's figures.
    const explained = await api<Account>(
      'enterprise',
      `/v1/orgs/${orgA}/account?month=${MONTH}&explain=1`,
    );
    const factorIds = explained.explanation?.factors.map((f) => f.id) ?? [];
    expect(factorIds.length).toBeGreaterThan(0);
    await page.click('[data-action=provenance]');
    await page.locator('[data-table="provenance-factors"]').waitFor();
    const shownIds = await page
      .locator('[data-table="provenance-factors"] tbody tr td:first-child')
      .allTextContents();
    expect(shownIds).toEqual(factorIds);
    await page.locator('[data-chart="emissions-by-scope"] canvas').waitFor();
    await page.locator('[data-chart="energy-mix"] canvas').waitFor();

    // Grant the bank consent through the form; the list shows it as the API stores it.
    await page.fill('[data-field=consent-bank]', bankId);
    await page.selectOption('[data-field=consent-purpose]', 'carbon_linked_loan');
    await page.click('form.inline-form button[type=submit]');
    await page.locator(`[data-revoke="${bankId}"]`).waitFor();
    const consents = await api<{ consents: { bankId: string; status: string }[] }>(
      'enterprise',
      `/v1/orgs/${orgA}/consents`,
    );
    expect(consents.consents).toEqual([expect.objectContaining({ bankId, status: 'active' })]);
    await screenshots(page, 'enterprise');
    // The same page in English: same figures, English units.
    await page.click('[data-action=lang]');
    await shows(page, '.card h2', 'Carbon account · Mar 2025');
    expect((await figure(page, 'account.total')).text).toBe(
      formatTco2e(account.totals.tco2eLocation, 'en'),
    );
    expect((await figure(page, 'account.valueAdded')).text).toBe(
      `CNY ${new Intl.NumberFormat('en-US').format(account.output?.valueAddedCNY ?? Number.NaN)}`,
    );
    await screenshots(page, 'enterprise-en');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('bank: the consented org’s profile equals the API’s; an org without consent shows nothing', {
    timeout: 120_000,
  }, async () => {
    const { page, errors } = await signIn('bank');
    // The orgs that consented to this bank (the enterprise test granted it from its page).
    const consented = await api<{ orgs: { orgId: string }[] }>('bank', `/v1/banks/${bankId}/orgs`);
    expect(consented.orgs.map((o) => o.orgId)).toContain(orgA);
    await page.locator('[data-table=bank-orgs]').waitFor();
    for (const o of consented.orgs) await shows(page, '[data-table=bank-orgs]', o.orgId);
    await screenshots(page, 'bank-orgs');
    // Open the org by its code, then pick the month, as a loan officer would.
    await page.fill('[data-field=bank-org]', orgA);
    await page.click('[data-field=bank-org] ~ button, form.inline-form button[type=submit]');
    await page.locator('[data-field=month]').waitFor();
    await page.fill('[data-field=month]', MONTH);
    await eventually(
      'the month in the address',
      async () => page.url().endsWith(`?month=${MONTH}`),
      10_000,
    );
    const profile = await api<Profile>(
      'bank',
      `/v1/banks/${bankId}/orgs/${orgA}/profile?month=${MONTH}`,
    );
    expect((await figure(page, 'profile.assets')).value).toBe(String(profile.assetBalanceTco2e));
    expect((await figure(page, 'profile.coverage')).value).toBe(String(profile.coverage.share));
    for (const m of profile.months.filter((x) => MONTHS.includes(x.month))) {
      const shown = await figure(page, `profile.month.${m.month}`);
      expect(shown.value, m.month).toBe(String(m.tco2eLocation));
      expect(shown.text, m.month).toBe(formatTco2e(m.tco2eLocation, 'zh', false));
    }
    await page.locator('[data-chart="profile-intensity"] canvas').waitFor();
    const download = page.waitForEvent('download');
    await page.click('[data-action=csv]');
    const csv = await download;
    expect(csv.suggestedFilename()).toBe(`carbon-profile-${orgA}-${MONTH}.csv`);
    await screenshots(page, 'bank-profile');

    // No consent from org B: the page says so and shows no figure of B.
    await page.goto(`${dashboardUrl}#/bank/org/${orgB}?month=${MONTH}`);
    await page.locator('[data-state="no-consent"]').waitFor();
    expect(await page.locator('[data-figure^="profile."]').count()).toBe(0);
    expect(await page.locator('[data-chart], [data-table="profile-months"]').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(registry[1]?.name);
    await screenshots(page, 'bank-no-consent');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('enterprise: the bank’s pulls are in the access log; revoking from the page closes the profile to the bank', {
    timeout: 120_000,
  }, async () => {
    const { page } = await signIn('enterprise');
    await page.goto(`${dashboardUrl}#/org/${orgA}?month=${MONTH}`);
    const log = await api<AccessLog>('enterprise', `/v1/orgs/${orgA}/access-log`);
    expect(log.entries.length).toBeGreaterThan(0);
    await shows(page, '[data-table="access-log"]', bankId);
    expect(await page.locator('[data-table="access-log"] tbody tr').count()).toBe(
      log.entries.length,
    );

    page.on('dialog', (d) => void d.accept());
    await page.click(`[data-revoke="${bankId}"]`);
    await shows(page, '[data-table="consents"]', '已撤销');
    await page.context().close();

    const bank = await signIn('bank');
    await bank.page.goto(`${dashboardUrl}#/bank/org/${orgA}?month=${MONTH}`);
    await bank.page.locator('[data-state="no-consent"]').waitFor();
    await bank.page.context().close();
  });

  it('enterprise, current month: a reading sent while the page is open shows within a minute', {
    timeout: 180_000,
  }, async () => {
    const { page, errors } = await signIn('enterprise', { fakeClock: true });
    await page.locator('[data-state="no-account"]').waitFor();
    expect(await page.locator('[data-figure="account.total"]').count()).toBe(0);

    const hour = Math.floor(Date.now() / 3600_000) * 3600_000 - 2 * 3600_000;
    const at = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
    await produceReadings(kafka, topics, [
      {
        readingId: `live:${at(hour)}`,
        orgId: orgA,
        meterId: 'e1',
        source: 'enterprise',
        type: 'electricity',
        quantity: 1250.5,
        unit: 'kWh',
        periodStart: at(hour),
        periodEnd: at(hour + 3600_000),
      },
    ]);
    // This month is open: its account stays provisional.
    await processorsCaughtUp(kafka, topics, groups);
    const month = new Date(hour + 8 * 3600_000).toISOString().slice(0, 7);
    let account: Account | undefined;
    await eventually('this month’s account', async () => {
      account = await api<Account>('enterprise', `/v1/orgs/${orgA}/account?month=${month}`);
      return account.totals.lines > 0;
    });
    // Still the empty state: only the minute refresh brings the new figure.
    expect(await page.locator('[data-figure="account.total"]').count()).toBe(0);
    await page.clock.fastForward('01:01');
    const shown = await figure(page, 'account.total');
    expect(shown.value).toBe(String(account?.totals.tco2eLocation));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('bureau: region total, top emitters and a drill-down equal the API’s', {
    timeout: 120_000,
  }, async () => {
    const { page, errors } = await signIn('bureau');
    const pageTop = answerTo<TopEmitters>(page, '/v1/region/top-emitters', '2025-03-01');
    await page.goto(`${dashboardUrl}#/region?month=${MONTH}`);
    const range = 'from=2025-03-01T00:00:00%2B08:00&to=2025-04-01T00:00:00%2B08:00';
    const summary = await api<Summary>(
      'bureau',
      `/v1/region/summary?${range}&groupBy=town&limit=10000`,
    );
    const total = summary.groups.reduce((s, g) => s + g.tco2eLocation, 0);
    const shownTotal = await figure(page, 'region.total');
    expect(Number(shownTotal.value)).toBeCloseTo(total, 6);
    expect(shownTotal.text).toBe(formatTco2e(total, 'zh'));
    expect((await figure(page, 'region.orgs')).value).toBe(String(orgIds.length));

    const top = await api<TopEmitters>('bureau', `/v1/region/top-emitters?${range}&limit=10`);
    expect(top.emitters.length).toBe(orgIds.length);
    const shownTop = await pageTop;
    expect(shownTop.emitters.map((e) => e.orgId)).toEqual(top.emitters.map((e) => e.orgId));
    for (const [i, e] of shownTop.emitters.entries()) {
      expect((await figure(page, `top.${e.orgId}`)).value).toBe(String(e.tco2eLocation));
      sameSum(e.tco2eLocation, top.emitters[i]?.tco2eLocation ?? Number.NaN);
    }
    for (const id of ['by-town', 'by-industry', 'by-type', 'region-trend']) {
      await page.locator(`[data-chart="${id}"] canvas`).waitFor();
    }
    await page
      .locator('[data-table="rejections-by-reason"], .quality-part .state.empty')
      .first()
      .waitFor();
    await screenshots(page, 'bureau');

    // Drill down into the top emitter: its account as the bureau's key sees it.
    const first = top.emitters[0] as TopEmitters['emitters'][number];
    await page.click(`a[href^="#/org/${first.orgId}"]`);
    const account = await api<Account>('bureau', `/v1/orgs/${first.orgId}/account?month=${MONTH}`);
    expect((await figure(page, 'account.total')).value).toBe(String(account.totals.tco2eLocation));
    expect(account.totals.tco2eLocation).toBeCloseTo(first.tco2eLocation, 6);
    await screenshots(page, 'bureau-org');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('bank: a project’s metered reduction equals the API’s (disclosure consent only)', {
    timeout: 120_000,
  }, async () => {
    await post('enterprise', `/v1/orgs/${orgA}/projects`, {
      projectId: 'heat-pump-1',
      name: '余热回收项目',
      meterIds: ['e1'],
      baselineTco2ePerMonth: 300,
      startMonth: '2025-01',
    });
    await post('enterprise', `/v1/orgs/${orgA}/consents`, {
      bankId,
      purpose: 'emission_reduction_disclosure',
      expiresAt: '2027-01-01T00:00:00+08:00',
    });
    const { page, errors } = await signIn('bank');
    await page.goto(`${dashboardUrl}#/bank/org/${orgA}?month=${MONTH}`);
    // The loan consent was revoked: no profile, but the project form is there.
    await page.locator('[data-state="no-consent"]').waitFor();
    await page.fill('[data-field=project]', 'heat-pump-1');
    await page.fill('input[name=from]', '2025-01');
    await page.fill('input[name=to]', MONTH);
    type Reduction = z.infer<typeof queryApi.reductionBody>;
    const pageReduction = answerTo<Reduction>(page, '/projects/heat-pump-1/reduction', '2025-01');
    await page.click('form.inline-form:has([data-field=project]) button[type=submit]');
    const reduction = await api<Reduction>(
      'bank',
      `/v1/banks/${bankId}/orgs/${orgA}/projects/heat-pump-1/reduction?from=2025-01&to=${MONTH}`,
    );
    expect(reduction.months.length).toBe(3);
    const answered = await pageReduction;
    sameSum(answered.totalReductionTco2e, reduction.totalReductionTco2e);
    const shown = await figure(page, 'project.reduction');
    expect(shown.value).toBe(String(answered.totalReductionTco2e));
    expect(shown.text).toBe(formatTco2e(answered.totalReductionTco2e, 'zh'));
    expect(await page.locator('[data-table="project-months"] tbody tr').count()).toBe(3);
    await screenshots(page, 'bank-project');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
