import { type ApiClient, ApiError } from '../api.js';
import type { Account, Coverage, Ledger, Rejections, Series } from '../api-types.js';
import { chart, palette } from '../charts.js';
import { h } from '../dom.js';
import {
  formatCny,
  formatCount,
  formatDateTime,
  formatIntensity,
  formatMonth,
  formatNumber,
  formatShare,
  formatTce,
  formatTco2e,
  monthRange,
  monthsEnding,
} from '../format.js';
import { translateLoose } from '../i18n.js';
import { empty, figure, fill, gradeBadge, section, table, type View } from '../ui.js';
import { provenanceButton } from './provenance.js';

export const orgPath = (orgId: string) => `/v1/orgs/${encodeURIComponent(orgId)}`;

/** An account that does not exist yet is a 404: the page says so instead of failing. */
export async function accountOrNull(
  api: ApiClient,
  orgId: string,
  month: string,
): Promise<Account | null> {
  try {
    return await api.get<Account>(`${orgPath(orgId)}/account`, { month });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

function accountCard(
  view: View,
  a: Account | null,
  c: Coverage | null,
  explain: () => Promise<Account>,
): Node[] {
  const { lang, t } = view;
  if (a === null || a.totals.lines === 0) {
    const none = empty(t('state.emptyAccount'));
    none.dataset.state = 'no-account';
    return [none];
  }
  return [
    h(
      'div',
      { class: 'grade-line' },
      h('span', { class: 'figure-label' }, t('account.grade')),
      gradeBadge(view, a.grade, 'account.grade'),
      a.band
        ? h(
            'span',
            { class: 'band' },
            `${t('account.band')}: ${translateLoose(lang, `band.${a.band}`, a.band)}`,
          )
        : null,
      a.provisional ? h('span', { class: 'badge' }, t('account.provisional')) : null,
      a.restated
        ? h('span', { class: 'badge warn', title: a.restatementNote }, t('account.restated'))
        : null,
    ),
    h(
      'div',
      { class: 'figures' },
      figure(t('account.emissions'), formatTco2e(a.totals.tco2eLocation, lang), {
        id: 'account.total',
        value: a.totals.tco2eLocation,
        note: t('account.locationBased'),
      }),
      figure(t('account.scope1'), formatTco2e(a.totals.scope1Tco2e, lang), {
        id: 'account.scope1',
        value: a.totals.scope1Tco2e,
      }),
      figure(t('account.scope2'), formatTco2e(a.totals.scope2Tco2eLocation, lang), {
        id: 'account.scope2',
        value: a.totals.scope2Tco2eLocation,
        note: `${t('account.marketBased')}: ${formatTco2e(a.totals.scope2Tco2eMarket, lang)}`,
      }),
      figure(t('account.tce'), formatTce(a.totals.tce, lang), {
        id: 'account.tce',
        value: a.totals.tce,
      }),
      figure(
        t('account.intensity'),
        a.intensityValueAdded === null
          ? t('account.noOutput')
          : formatIntensity(a.intensityValueAdded, lang),
        { id: 'account.intensity', value: a.intensityValueAdded },
      ),
      figure(t('account.industryAverage'), formatIntensity(a.industryAverageIntensity, lang), {
        id: 'account.industryAverage',
        value: a.industryAverageIntensity,
        note: translateLoose(lang, `industry.${a.industrySection}`, a.industrySection),
      }),
      figure(t('account.k'), formatNumber(a.k, lang, 2), { id: 'account.k', value: a.k }),
      figure(t('account.valueAdded'), formatCny(a.output?.valueAddedCNY, lang), {
        id: 'account.valueAdded',
        value: a.output?.valueAddedCNY,
      }),
      figure(t('account.assets'), formatTco2e(a.assets.balanceTco2e, lang), {
        id: 'account.assets',
        value: a.assets.balanceTco2e,
      }),
      c
        ? figure(t('coverage.title'), formatShare(c.share, lang), {
            id: 'coverage.share',
            value: c.share,
            note: t('coverage.note', {
              received: formatCount(c.receivedMeterHours, lang),
              expected: formatCount(c.expectedMeterHours, lang),
            }),
          })
        : null,
    ),
    h(
      'p',
      { class: 'muted small' },
      t('account.computedAt', { at: formatDateTime(a.computedAt, lang) }),
    ),
    provenanceButton(view, async () => (await explain()).explanation),
  ];
}

type Point = Series['points'][number];
const monthOf = (p: Point) => p.period.slice(0, 7);

function scopeChart(view: View, months: string[], points: Point[]): Node {
  const sum = (month: string, scope: number) =>
    points
      .filter((p) => monthOf(p) === month && p.scope === scope)
      .reduce((s, p) => s + p.tco2eLocation, 0);
  return chart(
    {
      legend: { top: 0 },
      xAxis: { type: 'category', data: months.map((m) => formatMonth(m, view.lang)) },
      yAxis: { type: 'value', name: 'tCO₂e' },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatTco2e(v, view.lang) },
      series: [1, 2].map((scope) => ({
        name: view.t(scope === 1 ? 'chart.scope1' : 'chart.scope2'),
        type: 'bar',
        stack: 'scope',
        data: months.map((m) => Number(sum(m, scope).toFixed(3))),
      })),
    },
    { id: 'emissions-by-scope' },
  );
}

function mixChart(view: View, month: string, points: Point[]): Node {
  const byType = new Map<string, number>();
  for (const p of points.filter((x) => monthOf(x) === month)) {
    byType.set(p.type, (byType.get(p.type) ?? 0) + p.tco2eLocation);
  }
  const data = [...byType]
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([type, value]) => ({
      name: translateLoose(view.lang, `type.${type}`, type),
      value: Number(value.toFixed(3)),
    }));
  if (data.length === 0) return empty(view.t('state.emptySeries'));
  return chart(
    {
      tooltip: { trigger: 'item', valueFormatter: (v: number) => formatTco2e(v, view.lang) },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '62%'],
          center: ['50%', '45%'],
          data,
          label: { formatter: '{b}\n{d}%' },
          // Slivers are in the legend and tooltip; their labels would overlap.
          minShowLabelAngle: 6,
        },
      ],
    },
    { id: 'energy-mix' },
  );
}

function intensityChart(view: View, months: string[], accounts: (Account | null)[]): Node {
  if (accounts.every((a) => a?.intensityValueAdded == null))
    return empty(view.t('account.noOutput'));
  return chart(
    {
      legend: { top: 0 },
      xAxis: { type: 'category', data: months.map((m) => formatMonth(m, view.lang)) },
      yAxis: { type: 'value', name: view.lang === 'zh' ? 'tCO₂e/万元' : 'tCO₂e/10k CNY' },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatIntensity(v, view.lang) },
      series: [
        {
          name: view.t('chart.orgIntensity'),
          type: 'line',
          data: accounts.map((a) => a?.intensityValueAdded ?? null),
        },
        {
          name: view.t('chart.industryAverage'),
          type: 'line',
          lineStyle: { type: 'dashed' },
          itemStyle: { color: palette[6] },
          data: accounts.map((a) => a?.industryAverageIntensity ?? null),
        },
      ],
    },
    { id: 'intensity' },
  );
}

export function ledgerView(view: View, ledger: Ledger): Node[] {
  const { lang, t } = view;
  return [
    h(
      'div',
      { class: 'ledger-head' },
      figure(t('ledger.balance'), formatTco2e(ledger.balanceTco2e, lang), {
        id: 'ledger.balance',
        value: ledger.balanceTco2e,
      }),
      ledger.chain.valid
        ? h(
            'span',
            { class: 'badge ok', 'data-figure': 'ledger.verified' },
            `✓ ${t('ledger.verified')}`,
          )
        : h(
            'span',
            {
              class: 'badge bad',
              'data-figure': 'ledger.verified',
              title: ledger.chain.reason ?? '',
            },
            `✗ ${t('ledger.broken')}`,
          ),
    ),
    ledger.entries.length === 0
      ? empty(t('ledger.empty'))
      : table(
          [
            { title: t('ledger.month'), cell: (e) => formatMonth(e.month, lang) },
            {
              title: t('ledger.methodology'),
              cell: (e) => translateLoose(lang, `methodology.${e.methodologyId}`, e.methodologyId),
            },
            {
              title: t('ledger.amount'),
              numeric: true,
              cell: (e) => formatTco2e(e.tco2e, lang, false),
            },
            { title: t('ledger.time'), cell: (e) => formatDateTime(e.createdAt, lang) },
          ],
          ledger.entries,
          { id: 'ledger' },
        ),
  ];
}

/**
 * An org's carbon account as its own users and the bureau see it: the month's figures,
 * 12-month charts, energy mix, ledger, rejections, coverage.
 */
export function orgAccountSections(
  view: View,
  api: ApiClient,
  orgId: string,
  month: string,
): HTMLElement[] {
  const { t, lang } = view;
  const base = orgPath(orgId);
  const months = monthsEnding(month, 12);
  const range = monthRange(month);
  const series = api
    .get<Series>(`${base}/emissions`, {
      from: monthRange(months[0] ?? month).from,
      to: range.to,
      granularity: 'month',
      limit: 10_000,
    })
    .then((s) => s.points);
  // The chart's months and this month's card share one request for the current month.
  const accounts = months.map((m) => accountOrNull(api, orgId, m).catch(() => null));
  const thisMonth = accountOrNull(api, orgId, month);

  const account = section(`${t('account.title')} · ${formatMonth(month, lang)}`, 'wide');
  const coverage = api.get<Coverage>(`${base}/coverage`, range);
  void fill(view, account.body, async () => {
    const [a, c] = await Promise.all([thisMonth, coverage.catch(() => null)]);
    const explain = () => api.get<Account>(`${base}/account`, { month, explain: 1 });
    return accountCard(view, a, c, explain);
  });

  const scopes = section(t('chart.emissionsByScope'));
  void fill(view, scopes.body, async () => {
    const points = await series;
    return points.length === 0 ? empty(t('state.emptySeries')) : scopeChart(view, months, points);
  });

  const intensity = section(t('chart.intensity'));
  void fill(view, intensity.body, async () =>
    intensityChart(view, months, await Promise.all(accounts)),
  );

  const mix = section(`${t('chart.energyMix')} · ${formatMonth(month, lang)}`);
  void fill(view, mix.body, async () => mixChart(view, month, await series));

  const ledger = section(t('ledger.title'));
  void fill(view, ledger.body, async () =>
    ledgerView(view, await api.get<Ledger>(`${base}/ledger`)),
  );

  const rejected = section(`${t('rejected.title')} · ${formatMonth(month, lang)}`, 'wide');
  void fill(view, rejected.body, async () => {
    const body = await api.get<Rejections>(`${base}/rejections`, { ...range, limit: 100 });
    if (body.rejections.length === 0) return empty(t('rejected.empty'));
    return [
      table(
        [
          { title: t('rejected.at'), cell: (r) => formatDateTime(r.rejectedAt, lang) },
          { title: t('rejected.reading'), cell: (r) => h('span', { class: 'mono' }, r.readingId) },
          { title: t('rejected.reason'), cell: (r) => r.reason },
          { title: t('rejected.detail'), cell: (r) => errorsText(r.errors) },
        ],
        body.rejections,
        { id: 'rejected' },
      ),
      body.page.total > body.rejections.length
        ? h(
            'p',
            { class: 'muted small' },
            t('list.more', { shown: body.rejections.length, total: body.page.total }),
          )
        : null,
    ].filter((x): x is HTMLElement => x !== null);
  });

  return [account.root, scopes.root, intensity.root, mix.root, ledger.root, rejected.root];
}

/** The fields at fault of a rejection, one line each ("quantity: must be ≥ 0"). */
function errorsText(errors: unknown): string {
  if (typeof errors === 'string') {
    try {
      return errorsText(JSON.parse(errors));
    } catch {
      return errors;
    }
  }
  if (!Array.isArray(errors)) return '';
  return errors
    .map((e) => {
      const item = e as { field?: string; path?: string; message?: string };
      return [item.field ?? item.path, item.message].filter(Boolean).join(': ');
    })
    .join('; ');
}
