import type { ApiClient } from '../api.js';
import { chart } from '../charts.js';
import { h } from '../dom.js';
import {
  formatCount,
  formatMonth,
  formatShare,
  formatTco2e,
  monthRange,
  monthsEnding,
  toNumber,
} from '../format.js';
import { translateLoose } from '../i18n.js';
import { pickFigure, pickList, pickString } from '../pick.js';
import { empty, figure, fill, section, table, type View } from '../ui.js';

type Group = 'town' | 'industry' | 'type';

function groups(raw: unknown): { key: string; name: string; tco2e: number; orgs: number | null }[] {
  return pickList(raw, 'groups', 'summary').map((g) => {
    const key = pickString(g, 'key', 'group', 'town', 'industry', 'type');
    return {
      key,
      name: pickString(g, 'name', 'label') || key,
      tco2e: toNumber(pickFigure(g, 'tco2e', 'totalTco2e', 'emissions')) ?? 0,
      orgs: toNumber(pickFigure(g, 'orgs', 'orgCount')),
    };
  });
}

/** Region total = what the API says, else the sum of its groups. */
export function regionTotal(raw: unknown): number {
  const stated = toNumber(pickFigure(raw, 'total.tco2e', 'totalTco2e', 'total'));
  return stated ?? groups(raw).reduce((s, g) => s + g.tco2e, 0);
}

function breakdown(view: View, raw: unknown, by: Group): Node {
  const rows = groups(raw).sort((a, b) => b.tco2e - a.tco2e);
  if (rows.length === 0) return empty(view.t('state.emptySeries'));
  const label = (g: { key: string; name: string }) =>
    by === 'type' ? translateLoose(view.lang, `type.${g.key}`, g.name) : g.name;
  return h(
    'div',
    {},
    chart(
      {
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatTco2e(v, view.lang) },
        xAxis: { type: 'value', name: 'tCO₂e' },
        yAxis: {
          type: 'category',
          inverse: true,
          data: rows.map(label),
          axisLabel: { width: 110, overflow: 'truncate' },
        },
        series: [{ type: 'bar', data: rows.map((g) => Number(g.tco2e.toFixed(3))) }],
      },
      { id: `by-${by}`, height: Math.max(160, rows.length * 28 + 40) },
    ),
    table(
      [
        {
          title: view.t(
            by === 'town' ? 'org.town' : by === 'industry' ? 'org.industry' : 'region.byType',
          ),
          cell: label,
        },
        { title: 'tCO₂e', numeric: true, cell: (g) => formatTco2e(g.tco2e, view.lang, false) },
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
  const summary = (groupBy: Group, r = range) => api.get('/v1/region/summary', { ...r, groupBy });

  const totals = section(t('region.title'), 'wide');
  void fill(view, totals.body, async () => {
    const [now, before] = await Promise.all([
      summary('town'),
      summary('town', monthRange(monthsEnding(month, 2)[0] ?? month)).catch(() => null),
    ]);
    const total = regionTotal(now);
    const previous = before === null ? null : regionTotal(before);
    const orgs = groups(now).reduce((s, g) => s + (g.orgs ?? 0), 0);
    return h(
      'div',
      { class: 'figures' },
      figure(`${t('region.total')} · ${formatMonth(month, lang)}`, formatTco2e(total, lang), {
        id: 'region.total',
        value: total,
      }),
      figure(t('region.orgs'), formatCount(orgs, lang), { id: 'region.orgs', value: orgs }),
      figure(
        t('region.change'),
        previous && previous > 0
          ? `${total >= previous ? '+' : ''}${formatShare((total - previous) / previous, lang)}`
          : '—',
      ),
    );
  });

  const trend = section(t('region.trend'), 'wide');
  void fill(view, trend.body, async () => {
    const months = monthsEnding(month, 12);
    const totalsByMonth = await Promise.all(
      months.map((m) => summary('town', monthRange(m)).then(regionTotal, () => null)),
    );
    return chart(
      {
        xAxis: { type: 'category', data: months.map((m) => formatMonth(m, lang)) },
        yAxis: { type: 'value', name: 'tCO₂e' },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatTco2e(v, lang) },
        series: [
          {
            type: 'line',
            areaStyle: { opacity: 0.15 },
            data: totalsByMonth.map((v) => (v === null ? null : Number(v.toFixed(3)))),
          },
        ],
      },
      { id: 'region-trend' },
    );
  });

  const cards = (['town', 'industry', 'type'] as const).map((by) => {
    const card = section(
      t(
        by === 'town' ? 'region.byTown' : by === 'industry' ? 'region.byIndustry' : 'region.byType',
      ),
    );
    void fill(view, card.body, async () => breakdown(view, await summary(by), by));
    return card.root;
  });

  const top = section(t('region.top'), 'wide');
  void fill(view, top.body, async () => {
    const rows = pickList(
      await api.get('/v1/region/top-emitters', { ...range, limit: 10 }),
      'emitters',
      'orgs',
    );
    if (rows.length === 0) return empty(t('state.emptySeries'));
    return table(
      [
        { title: t('region.rank'), numeric: true, cell: (r) => String(rows.indexOf(r) + 1) },
        {
          title: t('region.org'),
          cell: (r) =>
            h(
              'div',
              {},
              h('div', {}, pickString(r, 'name') || pickString(r, 'orgId')),
              h('div', { class: 'muted mono' }, pickString(r, 'orgId')),
            ),
        },
        { title: t('org.town'), cell: (r) => pickString(r, 'townName', 'town') },
        {
          title: 'tCO₂e',
          numeric: true,
          cell: (r) => {
            const v = pickFigure(r, 'tco2e', 'totalTco2e', 'emissions');
            return h(
              'span',
              {
                'data-figure': `top.${pickString(r, 'orgId')}`,
                'data-value': String(toNumber(v) ?? ''),
              },
              formatTco2e(v, lang, false),
            );
          },
        },
        {
          title: '',
          cell: (r) =>
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => openOrg(pickString(r, 'orgId')),
              },
              t('region.open'),
            ),
        },
      ],
      rows,
      { id: 'top-emitters' },
    );
  });

  const quality = section(t('quality.title'), 'wide');
  void fill(view, quality.body, async () =>
    qualityBoard(view, await api.get('/v1/data-quality', range), openOrg),
  );

  const drill = section(t('region.drill'), 'wide');
  const input = h('input', {
    name: 'orgId',
    placeholder: t('region.drillHint'),
    maxlength: 18,
    pattern: '[0-9A-Z]{18}',
    required: true,
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
export function qualityBoard(view: View, raw: unknown, openOrg?: (orgId: string) => void): Node {
  const { t, lang } = view;
  const rejections = pickList(raw, 'rejections.byReason', 'rejectionsByReason', 'rejections');
  const gaps = pickList(raw, 'gaps', 'orgsWithGaps', 'late');
  const anomalies = pickList(raw, 'anomalies');
  const orgCell = (r: Record<string, unknown>) => {
    const id = pickString(r, 'orgId');
    return openOrg && id
      ? h('a', { href: `#/org/${id}`, class: 'mono' }, id)
      : h('span', { class: 'mono' }, id);
  };
  const part = (title: string, node: Node) =>
    h('div', { class: 'quality-part' }, h('h3', {}, title), node);
  return h(
    'div',
    { class: 'quality' },
    part(
      t('quality.rejections'),
      rejections.length === 0
        ? empty(t('quality.none'))
        : table(
            [
              { title: t('rejected.reason'), cell: (r) => pickString(r, 'reason') },
              {
                title: t('quality.count'),
                numeric: true,
                cell: (r) => formatCount(pickFigure(r, 'count', 'readings'), lang),
              },
            ],
            rejections,
            { id: 'rejections-by-reason' },
          ),
    ),
    part(
      t('quality.gaps'),
      gaps.length === 0
        ? empty(t('quality.none'))
        : table(
            [
              { title: t('region.org'), cell: orgCell },
              {
                title: t('coverage.share'),
                numeric: true,
                cell: (r) => formatShare(pickFigure(r, 'coverage', 'share'), lang),
              },
            ],
            gaps,
            { id: 'gaps' },
          ),
    ),
    part(
      t('quality.anomalies'),
      anomalies.length === 0
        ? empty(t('quality.none'))
        : table(
            [
              { title: t('region.org'), cell: orgCell },
              { title: t('quality.meter'), cell: (r) => pickString(r, 'meterId') },
              { title: t('quality.kind'), cell: (r) => pickString(r, 'kind', 'type', 'reason') },
              {
                title: t('rejected.at'),
                cell: (r) =>
                  pickString(r, 'hour', 'periodStart', 'at').replace('T', ' ').slice(0, 16),
              },
            ],
            anomalies,
            { id: 'anomalies' },
          ),
    ),
  );
}
