import type { ApiClient } from '../api.js';
import { chart, palette } from '../charts.js';
import { h } from '../dom.js';
import {
  formatCny,
  formatIntensity,
  formatMonth,
  formatNumber,
  formatShare,
  formatTce,
  formatTco2e,
  monthRange,
  monthsEnding,
  toNumber,
} from '../format.js';
import { translateLoose } from '../i18n.js';
import { pick, pickFigure, pickList, pickString } from '../pick.js';
import { empty, figure, fill, gradeBadge, section, table, type View } from '../ui.js';

export const orgPath = (orgId: string) => `/v1/orgs/${encodeURIComponent(orgId)}`;

/** The account figures the pages show, read from GET /v1/orgs/:orgId/account. */
export function accountFigures(raw: unknown) {
  return {
    total: pickFigure(raw, 'emissions.total', 'emissions.totalTco2e', 'totalTco2e', 'tco2e'),
    scope1: pickFigure(
      raw,
      'emissions.scope1',
      'emissions.scope1Tco2e',
      'scope1Tco2e',
      'byScope.1',
    ),
    scope2: pickFigure(
      raw,
      'emissions.scope2',
      'emissions.scope2Tco2e',
      'scope2Tco2e',
      'byScope.2',
    ),
    tce: pickFigure(raw, 'tce', 'energy.tce', 'energyTce'),
    intensity: pickFigure(raw, 'intensity.valueAdded', 'intensity.perValueAdded', 'intensity'),
    industryAverage: pickFigure(
      raw,
      'intensity.industryAverage',
      'industryAverageIntensity',
      'industryAverage',
    ),
    k: pickFigure(raw, 'k', 'K', 'grade.k'),
    band: pickString(raw, 'band', 'grade.band'),
    grade: pickFigure(raw, 'grade.grade', 'grade'),
    valueAdded: pickFigure(raw, 'valueAddedCNY', 'output.valueAddedCNY'),
    assets: pickFigure(raw, 'assets.balance', 'assets.balanceTco2e', 'assetBalance'),
  };
}

function accountCard(view: View, raw: unknown): Node[] {
  const a = accountFigures(raw);
  if (toNumber(a.total) === null || toNumber(a.total) === 0) {
    return [empty(view.t('state.emptyAccount'))];
  }
  const { lang, t } = view;
  return [
    h(
      'div',
      { class: 'grade-line' },
      h('span', { class: 'figure-label' }, t('account.grade')),
      gradeBadge(view, a.grade, 'account.grade'),
      a.band ? h('span', { class: 'band' }, `${t('account.band')}: ${a.band}`) : null,
    ),
    h(
      'div',
      { class: 'figures' },
      figure(t('account.emissions'), formatTco2e(a.total, lang), {
        id: 'account.total',
        value: a.total,
      }),
      figure(t('account.scope1'), formatTco2e(a.scope1, lang), {
        id: 'account.scope1',
        value: a.scope1,
      }),
      figure(t('account.scope2'), formatTco2e(a.scope2, lang), {
        id: 'account.scope2',
        value: a.scope2,
      }),
      figure(t('account.tce'), formatTce(a.tce, lang), { id: 'account.tce', value: a.tce }),
      figure(
        t('account.intensity'),
        toNumber(a.intensity) === null ? t('account.noOutput') : formatIntensity(a.intensity, lang),
        { id: 'account.intensity', value: a.intensity },
      ),
      figure(t('account.industryAverage'), formatIntensity(a.industryAverage, lang), {
        id: 'account.industryAverage',
        value: a.industryAverage,
      }),
      figure(t('account.k'), formatNumber(a.k, lang, 2), { id: 'account.k', value: a.k }),
      figure(t('account.valueAdded'), formatCny(a.valueAdded, lang), {
        id: 'account.valueAdded',
        value: a.valueAdded,
      }),
    ),
  ];
}

interface SeriesPoint {
  month: string;
  scope: number;
  type: string;
  tco2e: number;
}

/** GET /v1/orgs/:orgId/emissions?granularity=month as flat points. */
function seriesPoints(raw: unknown): SeriesPoint[] {
  return pickList(raw, 'series', 'points').flatMap((p) => {
    const tco2e = toNumber(pickFigure(p, 'tco2e', 'tco2eLocation', 'emissions'));
    if (tco2e === null) return [];
    return [
      {
        month: pickString(p, 'month', 'period', 'bucket', 'start').slice(0, 7),
        scope: toNumber(pickFigure(p, 'scope')) ?? 0,
        type: pickString(p, 'type'),
        tco2e,
      },
    ];
  });
}

function scopeChart(view: View, months: string[], points: SeriesPoint[]): Node {
  const sum = (month: string, scope: number) =>
    points.filter((p) => p.month === month && p.scope === scope).reduce((s, p) => s + p.tco2e, 0);
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

function mixChart(view: View, month: string, points: SeriesPoint[]): Node {
  const byType = new Map<string, number>();
  for (const p of points.filter((x) => x.month === month))
    byType.set(p.type, (byType.get(p.type) ?? 0) + p.tco2e);
  const data = [...byType]
    .filter(([, v]) => v > 0)
    .map(([type, value]) => ({
      name: translateLoose(view.lang, `type.${type}`, type),
      value: Number(value.toFixed(3)),
    }));
  if (data.length === 0) return empty(view.t('state.emptySeries'));
  return chart(
    {
      tooltip: { trigger: 'item', valueFormatter: (v: number) => formatTco2e(v, view.lang) },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data, label: { formatter: '{b}\n{d}%' } }],
    },
    { id: 'energy-mix' },
  );
}

function intensityChart(view: View, months: string[], accounts: unknown[]): Node {
  const figures = accounts.map(accountFigures);
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
          data: figures.map((f) => toNumber(f.intensity)),
        },
        {
          name: view.t('chart.industryAverage'),
          type: 'line',
          lineStyle: { type: 'dashed' },
          itemStyle: { color: palette[6] },
          data: figures.map((f) => toNumber(f.industryAverage)),
        },
      ],
    },
    { id: 'intensity' },
  );
}

export function ledgerView(view: View, raw: unknown): Node[] {
  const entries = pickList(raw, 'entries', 'ledger');
  const verified = pick(raw, 'chainVerified', 'chain.verified', 'verification.valid', 'verified');
  const balance = pickFigure(raw, 'balance', 'balanceTco2e');
  const { lang, t } = view;
  return [
    h(
      'div',
      { class: 'ledger-head' },
      figure(t('ledger.balance'), formatTco2e(balance, lang), {
        id: 'ledger.balance',
        value: balance,
      }),
      verified === true
        ? h(
            'span',
            { class: 'badge ok', 'data-figure': 'ledger.verified' },
            `✓ ${t('ledger.verified')}`,
          )
        : verified === false
          ? h(
              'span',
              { class: 'badge bad', 'data-figure': 'ledger.verified' },
              `✗ ${t('ledger.broken')}`,
            )
          : null,
    ),
    entries.length === 0
      ? empty(t('ledger.empty'))
      : table(
          [
            { title: t('ledger.month'), cell: (e) => formatMonth(pickString(e, 'month'), lang) },
            {
              title: t('ledger.methodology'),
              cell: (e) => pickString(e, 'methodology', 'methodologyId'),
            },
            {
              title: t('ledger.amount'),
              numeric: true,
              cell: (e) => formatTco2e(pickFigure(e, 'amountTco2e', 'amount', 'tco2e'), lang),
            },
          ],
          entries,
          { id: 'ledger' },
        ),
  ];
}

export function coverageView(view: View, raw: unknown): Node {
  const share = pickFigure(raw, 'coverage.share', 'share', 'coverage');
  return h(
    'div',
    { class: 'figures' },
    figure(view.t('coverage.share'), formatShare(share, view.lang), {
      id: 'coverage.share',
      value: share,
    }),
    figure(
      view.t('coverage.received'),
      formatNumber(
        pickFigure(raw, 'coverage.received', 'receivedMeterHours', 'received'),
        view.lang,
        0,
      ),
    ),
    figure(
      view.t('coverage.expected'),
      formatNumber(
        pickFigure(raw, 'coverage.expected', 'expectedMeterHours', 'expected'),
        view.lang,
        0,
      ),
    ),
  );
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
  const { t } = view;
  const base = orgPath(orgId);
  const months = monthsEnding(month, 12);
  const year = { from: monthRange(months[0] ?? month).from, to: monthRange(month).to };
  const series = api.get(`${base}/emissions`, { ...year, granularity: 'month' }).then(seriesPoints);

  const account = section(t('account.title'), 'wide');
  void fill(view, account.body, async () =>
    accountCard(view, await api.get(`${base}/account`, { month })),
  );

  const scopes = section(t('chart.emissionsByScope'));
  void fill(view, scopes.body, async () => {
    const points = await series;
    return points.length === 0 ? empty(t('state.emptySeries')) : scopeChart(view, months, points);
  });

  const intensity = section(t('chart.intensity'));
  void fill(view, intensity.body, async () => {
    const accounts = await Promise.all(
      months.map((m) => api.get(`${base}/account`, { month: m }).catch(() => null)),
    );
    return intensityChart(view, months, accounts);
  });

  const mix = section(t('chart.energyMix'));
  void fill(view, mix.body, async () => mixChart(view, month, await series));

  const ledger = section(t('ledger.title'));
  void fill(view, ledger.body, async () => ledgerView(view, await api.get(`${base}/ledger`)));

  const coverage = section(t('coverage.title'));
  void fill(view, coverage.body, async () =>
    coverageView(view, await api.get(`${base}/coverage`, monthRange(month))),
  );

  const rejected = section(t('rejected.title'), 'wide');
  void fill(view, rejected.body, async () => {
    const rows = pickList(
      await api.get(`${base}/rejected-readings`, monthRange(month)),
      'rejections',
      'readings',
    );
    if (rows.length === 0) return empty(t('rejected.empty'));
    return table(
      [
        {
          title: t('rejected.at'),
          cell: (r) => pickString(r, 'rejectedAt', 'at').replace('T', ' ').slice(0, 16),
        },
        { title: t('rejected.reading'), cell: (r) => pickString(r, 'readingId') },
        { title: t('rejected.reason'), cell: (r) => pickString(r, 'reason', 'message') },
      ],
      rows,
      { id: 'rejected' },
    );
  });

  return [
    account.root,
    scopes.root,
    intensity.root,
    mix.root,
    ledger.root,
    coverage.root,
    rejected.root,
  ];
}
