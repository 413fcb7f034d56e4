import type { ApiClient } from '../api.js';
import { chart, palette } from '../charts.js';
import { h } from '../dom.js';
import { formatIntensity, formatMonth, formatShare, formatTco2e, toNumber } from '../format.js';
import { pickFigure, pickList, pickString } from '../pick.js';
import { empty, failed, figure, fill, gradeBadge, section, table, type View } from '../ui.js';

export const bankOrgPath = (bankId: string, orgId: string) =>
  `/v1/banks/${encodeURIComponent(bankId)}/orgs/${encodeURIComponent(orgId)}`;

/** The orgs that granted this bank consent, each opening its profile. */
export function bankOrgsPage(
  view: View,
  api: ApiClient,
  bankId: string,
  openOrg: (orgId: string) => void,
): HTMLElement[] {
  const { t } = view;
  const card = section(t('bank.title'), 'wide');
  void fill(view, card.body, async () => {
    const rows = pickList(
      await api.get(`/v1/banks/${encodeURIComponent(bankId)}/orgs`),
      'orgs',
      'consents',
    );
    if (rows.length === 0) return empty(t('bank.empty'));
    return table(
      [
        { title: t('org.name'), cell: (r) => pickString(r, 'name') || '—' },
        { title: t('org.id'), cell: (r) => h('span', { class: 'mono' }, pickString(r, 'orgId')) },
        { title: t('consents.purpose'), cell: (r) => pickString(r, 'purpose') },
        {
          title: t('consents.expires'),
          cell: (r) => pickString(r, 'expiresAt', 'validUntil').slice(0, 10),
        },
        {
          title: '',
          cell: (r) =>
            h(
              'button',
              { type: 'button', onclick: () => openOrg(pickString(r, 'orgId')) },
              t('bank.open'),
            ),
        },
      ],
      rows,
      { id: 'bank-orgs' },
    );
  });
  return [card.root];
}

/** GET …/profile, read into what the page shows. */
export function profileFigures(raw: unknown) {
  const trend = pickList(raw, 'intensityTrend', 'trend').map((p) => ({
    month: pickString(p, 'month'),
    intensity: toNumber(pickFigure(p, 'intensity', 'intensityValueAdded', 'value')),
    industryAverage: toNumber(pickFigure(p, 'industryAverage', 'industryAverageIntensity')),
    grade: toNumber(pickFigure(p, 'grade')),
  }));
  const grades = pickList(raw, 'gradeHistory', 'grades').map((g) => ({
    month: pickString(g, 'month'),
    grade: toNumber(pickFigure(g, 'grade')),
  }));
  return {
    name: pickString(raw, 'org.name', 'name'),
    trend,
    grades: grades.length > 0 ? grades : trend.map(({ month, grade }) => ({ month, grade })),
    assets: pickFigure(raw, 'assets.balance', 'assetBalance', 'assets.balanceTco2e'),
    coverage: pickFigure(raw, 'coverage.share', 'dataCoverage', 'coverage'),
    flags: pickList(raw, 'qualityFlags', 'flags'),
  };
}

/** A consented org's carbon profile as a bank's risk team reads it, with CSV export. */
export function bankProfilePage(
  view: View,
  api: ApiClient,
  bankId: string,
  orgId: string,
): HTMLElement[] {
  const { t, lang } = view;
  const path = bankOrgPath(bankId, orgId);
  const profile = api.get(`${path}/profile`);

  const head = section(t('bank.profile'), 'wide');
  void fill(view, head.body, async () => {
    const p = profileFigures(await profile);
    const latest = p.grades.at(-1);
    return [
      h(
        'div',
        { class: 'org-title' },
        h('strong', {}, p.name || orgId),
        h('span', { class: 'muted mono' }, orgId),
      ),
      h(
        'div',
        { class: 'figures' },
        h(
          'div',
          { class: 'figure' },
          h('div', { class: 'figure-label' }, t('account.grade')),
          gradeBadge(view, latest?.grade, 'profile.grade'),
        ),
        figure(t('bank.assets'), formatTco2e(p.assets, lang), {
          id: 'profile.assets',
          value: p.assets,
        }),
        figure(t('coverage.share'), formatShare(p.coverage, lang), {
          id: 'profile.coverage',
          value: p.coverage,
        }),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: (e: Event) =>
            void api
              .download(`${path}/profile`, { format: 'csv' }, `carbon-profile-${orgId}.csv`)
              .catch((err) => (e.target as HTMLElement).after(failed(view, err))),
        },
        `⭳ ${t('bank.csv')}`,
      ),
    ];
  });

  const trend = section(t('bank.intensityTrend'));
  void fill(view, trend.body, async () => {
    const p = profileFigures(await profile);
    if (p.trend.length === 0) return empty(t('state.emptySeries'));
    return chart(
      {
        legend: { top: 0 },
        xAxis: { type: 'category', data: p.trend.map((x) => formatMonth(x.month, lang)) },
        yAxis: { type: 'value', name: lang === 'zh' ? 'tCO₂e/万元' : 'tCO₂e/10k CNY' },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatIntensity(v, lang) },
        series: [
          { name: t('chart.orgIntensity'), type: 'line', data: p.trend.map((x) => x.intensity) },
          {
            name: t('chart.industryAverage'),
            type: 'line',
            lineStyle: { type: 'dashed' },
            itemStyle: { color: palette[6] },
            data: p.trend.map((x) => x.industryAverage),
          },
        ],
      },
      { id: 'profile-intensity' },
    );
  });

  const grades = section(t('bank.gradeHistory'));
  void fill(view, grades.body, async () => {
    const p = profileFigures(await profile);
    if (p.grades.length === 0) return empty(t('state.emptySeries'));
    return h(
      'div',
      { class: 'grade-history' },
      p.grades.map((g) =>
        h(
          'div',
          { class: 'grade-cell' },
          h('div', { class: 'muted' }, formatMonth(g.month, lang)),
          gradeBadge(view, g.grade),
        ),
      ),
    );
  });

  const flags = section(t('bank.flags'));
  void fill(view, flags.body, async () => {
    const p = profileFigures(await profile);
    if (p.flags.length === 0) return empty(t('quality.none'));
    return h(
      'ul',
      { class: 'flags' },
      p.flags.map((f) =>
        h('li', {}, pickString(f, 'message', 'kind', 'reason') || JSON.stringify(f)),
      ),
    );
  });

  return [head.root, trend.root, grades.root, flags.root, projectSection(view, api, path)];
}

function projectSection(view: View, api: ApiClient, path: string): HTMLElement {
  const { t, lang } = view;
  const card = section(t('bank.project'), 'wide');
  const result = h('div', {});
  const input = h('input', { name: 'projectId', required: true, autocomplete: 'off' });
  card.body.replaceChildren(
    h(
      'form',
      {
        class: 'inline-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void fill(view, result, async () => {
            const raw = await api.get(
              `${path}/projects/${encodeURIComponent(input.value.trim())}/reduction`,
            );
            const reduction = pickFigure(raw, 'reductionTco2e', 'reduction');
            return h(
              'div',
              { class: 'figures' },
              figure(
                t('bank.baseline'),
                formatTco2e(pickFigure(raw, 'baselineTco2e', 'baseline'), lang),
              ),
              figure(t('bank.actual'), formatTco2e(pickFigure(raw, 'actualTco2e', 'actual'), lang)),
              figure(t('bank.reduction'), formatTco2e(reduction, lang), {
                id: 'project.reduction',
                value: reduction,
              }),
            );
          });
        },
      },
      h('label', {}, t('bank.projectId'), input),
      h('button', { type: 'submit' }, t('bank.projectShow')),
    ),
    result,
  );
  return card.root;
}
