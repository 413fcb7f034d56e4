import type { ApiClient } from '../api.js';
import type { DataQuality, MonthOverMonth, RegionSummary, TopEmitters } from '../api-types.js';
import { chart } from '../charts.js';
import { h } from '../dom.js';
import {
  formatCount,
  formatDateTime,
  formatMonth,
  formatNumber,
  formatShare,
  formatTco2e,
  monthRange,
  monthsEnding,
} from '../format.js';
import { type TextKey, translateLoose } from '../i18n.js';
import { empty, figure, fill, section, table, type View } from '../ui.js';

type Group = RegionSummary['groupBy'];
const groupTitle: Record<Group, TextKey> = {
  town: 'region.byTown',
  industry: 'region.byIndustry',
  type: 'region.byType',
};
const groupColumn: Record<Group, TextKey> = {
  town: 'org.town',
  industry: 'org.industry',
  type: 'region.energyType',
};

/** The region's total for a summary: the sum of its groups (each org is in one town). */
export function regionTotal(summary: RegionSummary): number {
  return summary.groups.reduce((s, g) => s + g.tco2eLocation, 0);
}

function groupLabel(view: View, by: Group, key: string): string {
  if (by === 'type') return translateLoose(view.lang, `type.${key}`, key);
  if (by === 'industry') return translateLoose(view.lang, `industry.${key}`, key);
  return key || '—';
}

function breakdown(view: View, summary: RegionSummary): Node {
  const by = summary.groupBy;
  const rows = [...summary.groups].sort((a, b) => b.tco2eLocation - a.tco2eLocation);
  if (rows.length === 0) return empty(view.t('state.emptySeries'));
  const label = (g: { key: string }) => groupLabel(view, by, g.key);
  return h(
    'div',
    {},
    chart(
      {
        grid: {
          left: 8,
          right: 24,
          top: 8,
          bottom: 8,
          outerBoundsMode: 'same',
          outerBoundsContain: 'all',
        },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatTco2e(v, view.lang) },
        xAxis: { type: 'value' },
        yAxis: {
          type: 'category',
          inverse: true,
          data: rows.map(label),
          axisLabel: { width: 120, overflow: 'truncate' },
        },
        series: [{ type: 'bar', data: rows.map((g) => Number(g.tco2eLocation.toFixed(3))) }],
      },
      { id: `by-${by}`, height: Math.min(420, Math.max(140, rows.length * 30 + 30)) },
    ),
    table(
      [
        { title: view.t(groupColumn[by]), cell: label },
        {
          title: 'tCO₂e',
          numeric: true,
          cell: (g) => formatTco2e(g.tco2eLocation, view.lang, false),
        },
        { title: 'tce', numeric: true, cell: (g) => formatNumber(g.tce, view.lang, 2) },
        {
          title: view.t('region.orgs'),
          numeric: true,
          cell: (g) => formatCount(g.orgs, view.lang),
        },
      ],
      rows,
      { id: `by-${by}` },
    ),
  );
}

/** The bureau's view of the county: totals, trend, breakdowns, top emitters, data quality. */
export function regionPage(
  view: View,
  api: ApiClient,
  month: string,
  openOrg: (orgId: string) => void,
): HTMLElement[] {
  const { t, lang } = view;
  const range = monthRange(month);
  const summary = (groupBy: Group, r = range) =>
    api.get<RegionSummary>('/v1/region/summary', { ...r, groupBy, limit: 10_000 });
  const byTown = summary('town');

  const totals = section(`${t('region.title')} · ${formatMonth(month, lang)}`, 'wide');
  void fill(view, totals.body, async () => {
    const [now, change] = await Promise.all([
      byTown,
      api.get<MonthOverMonth>('/v1/region/month-over-month', {
        month,
        groupBy: 'town',
        limit: 10_000,
      }),
    ]);
    const total = regionTotal(now);
    const previous = change.groups.reduce((s, g) => s + g.previousTco2e, 0);
    const orgs = now.groups.reduce((s, g) => s + g.orgs, 0);
    if (now.groups.length === 0) return empty(t('region.empty'));
    return h(
      'div',
      { class: 'figures' },
      figure(t('region.total'), formatTco2e(total, lang), { id: 'region.total', value: total }),
      figure(
        t('region.tce'),
        `${formatNumber(
          now.groups.reduce((s, g) => s + g.tce, 0),
          lang,
          2,
        )} tce`,
      ),
      figure(t('region.orgs'), formatCount(orgs, lang), { id: 'region.orgs', value: orgs }),
      figure(
        `${t('region.change')} (${formatMonth(change.previousMonth, lang)})`,
        previous > 0
          ? `${total >= previous ? '+' : ''}${formatShare((total - previous) / previous, lang)}`
          : '—',
        { note: formatTco2e(previous, lang) },
      ),
    );
  });

  const trend = section(t('region.trend'), 'wide');
  void fill(view, trend.body, async () => {
    const months = monthsEnding(month, 12);
    const values = await Promise.all(
      months.map((m) =>
        (m === month ? byTown : summary('town', monthRange(m))).then(regionTotal, () => null),
      ),
    );
    return chart(
      {
        xAxis: { type: 'category', data: months.map((m) => formatMonth(m, lang)) },
        yAxis: { type: 'value', name: 'tCO₂e' },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatTco2e(v, lang) },
        series: [
          {
            name: t('region.total'),
            type: 'line',
            areaStyle: { opacity: 0.15 },
            data: values.map((v) => (v === null ? null : Number(v.toFixed(3)))),
          },
        ],
      },
      { id: 'region-trend' },
    );
  });

  const cards = (['town', 'industry', 'type'] as const).map((by) => {
    const card = section(t(groupTitle[by]), by === 'type' ? 'wide' : '');
    void fill(view, card.body, async () =>
      breakdown(view, await (by === 'town' ? byTown : summary(by))),
    );
    return card.root;
  });

  const top = section(t('region.top'), 'wide');
  void fill(view, top.body, async () => {
    const body = await api.get<TopEmitters>('/v1/region/top-emitters', { ...range, limit: 10 });
    if (body.emitters.length === 0) return empty(t('state.emptySeries'));
    return table(
      [
        { title: t('region.rank'), numeric: true, cell: (r) => String(r.rank) },
        {
          title: t('region.org'),
          cell: (r) =>
            h(
              'a',
              { href: `#/org/${r.orgId}?month=${month}`, class: 'org-link' },
              h('span', {}, r.name || r.orgId),
              h('span', { class: 'muted mono' }, r.orgId),
            ),
        },
        {
          title: 'tCO₂e',
          numeric: true,
          cell: (r) =>
            h(
              'span',
              { 'data-figure': `top.${r.orgId}`, 'data-value': String(r.tco2eLocation) },
              formatTco2e(r.tco2eLocation, lang, false),
            ),
        },
        { title: t('org.town'), cell: (r) => r.town },
        {
          title: t('org.industry'),
          cell: (r) => translateLoose(lang, `industry.${r.industrySection}`, r.industrySection),
        },
      ],
      body.emitters,
      { id: 'top-emitters' },
    );
  });

  const quality = section(`${t('quality.title')} · ${formatMonth(month, lang)}`, 'wide');
  void fill(view, quality.body, async () =>
    qualityBoard(view, await api.get<DataQuality>('/v1/data-quality', { ...range, limit: 50 })),
  );

  const drill = section(t('region.drill'), 'wide');
  const input = h('input', {
    name: 'orgId',
    placeholder: t('region.drillHint'),
    maxlength: 18,
    minlength: 18,
    required: true,
    'data-field': 'drill-org',
  });
  drill.body.replaceChildren(
    h(
      'form',
      {
        class: 'inline-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          openOrg(input.value.trim().toUpperCase());
        },
      },
      h('label', {}, t('org.id'), input),
      h('button', { type: 'submit' }, t('region.open')),
    ),
  );

  return [totals.root, trend.root, ...cards, top.root, quality.root, drill.root];
}

/** Rejections by reason, orgs with gaps or late data, anomalies; each org opens its account. */
export function qualityBoard(view: View, q: DataQuality): Node {
  const { t, lang } = view;
  const orgLink = (orgId: string) => h('a', { href: `#/org/${orgId}`, class: 'mono' }, orgId);
  const part = (title: string, node: Node) =>
    h('div', { class: 'quality-part' }, h('h3', {}, title), node);
  return h(
    'div',
    { class: 'quality' },
    part(
      t('quality.rejections'),
      q.rejectionsByReason.length === 0
        ? empty(t('quality.none'))
        : table(
            [
              { title: t('rejected.reason'), cell: (r) => r.reason },
              { title: t('quality.count'), numeric: true, cell: (r) => formatCount(r.count, lang) },
            ],
            q.rejectionsByReason,
            { id: 'rejections-by-reason' },
          ),
    ),
    part(
      t('quality.gaps'),
      q.orgs.length === 0
        ? empty(t('quality.none'))
        : table(
            [
              { title: t('region.org'), cell: (r) => orgLink(r.orgId) },
              {
                title: t('coverage.short'),
                numeric: true,
                cell: (r) => formatShare(r.coverage, lang),
              },
              {
                title: t('quality.late'),
                numeric: true,
                cell: (r) => formatCount(r.lateReadings, lang),
              },
            ],
            q.orgs,
            { id: 'gaps' },
          ),
    ),
    part(
      t('quality.anomalies'),
      q.anomalies.length === 0
        ? empty(t('quality.none'))
        : table(
            [
              {
                title: t('quality.kind'),
                cell: (r) => translateLoose(lang, `anomaly.${r.kind}`, r.kind),
              },
              { title: t('region.org'), cell: (r) => orgLink(r.orgId) },
              { title: t('quality.meter'), cell: (r) => r.meterId },
              { title: t('quality.hour'), cell: (r) => formatDateTime(r.hour, lang) },
              { title: t('quality.detail'), cell: (r) => r.detail },
            ],
            q.anomalies,
            { id: 'anomalies' },
          ),
    ),
  );
}
