import { type ApiClient, ApiError } from '../api.js';
import type { Profile, Reduction } from '../api-types.js';
import { chart } from '../charts.js';
import { h } from '../dom.js';
import { addMonths, formatIntensity, formatMonth, formatShare, formatTco2e } from '../format.js';
import { translateLoose } from '../i18n.js';
import { empty, failed, figure, fill, gradeBadge, section, table, type View } from '../ui.js';

export const bankOrgPath = (bankId: string, orgId: string) =>
  `/v1/banks/${encodeURIComponent(bankId)}/orgs/${encodeURIComponent(orgId)}`;

interface ConsentedOrg {
  orgId: string;
  name?: string | null;
  purpose?: string;
  expiresAt?: string;
}

/** The orgs that granted this bank consent, each opening its profile; any org by its code. */
export function bankOrgsPage(
  view: View,
  api: ApiClient,
  bankId: string,
  openOrg: (orgId: string) => void,
): HTMLElement[] {
  const { t, lang } = view;
  const card = section(t('bank.title'), 'wide');
  const list = h('div', {});
  const input = h('input', {
    name: 'orgId',
    placeholder: t('region.drillHint'),
    minlength: 18,
    maxlength: 18,
    required: true,
    'data-field': 'bank-org',
  });
  card.body.replaceChildren(
    list,
    h(
      'form',
      {
        class: 'inline-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          openOrg(input.value.trim().toUpperCase());
        },
      },
      h('label', {}, t('bank.openByCode'), input),
      h('button', { type: 'submit' }, t('bank.open')),
    ),
  );
  void fill(view, list, async () => {
    const { orgs: rows } = await api.get<{ orgs: ConsentedOrg[] }>(
      `/v1/banks/${encodeURIComponent(bankId)}/orgs`,
    );
    if (rows.length === 0) return empty(t('bank.empty'));
    return table(
      [
        { title: t('org.name'), cell: (r) => r.name || '—' },
        { title: t('org.id'), cell: (r) => h('span', { class: 'mono' }, r.orgId) },
        {
          title: t('consents.purpose'),
          cell: (r) => (r.purpose ? translateLoose(lang, `purpose.${r.purpose}`, r.purpose) : '—'),
        },
        { title: t('consents.expires'), cell: (r) => (r.expiresAt ?? '').slice(0, 10) || '—' },
        {
          title: '',
          cell: (r) =>
            h(
              'button',
              { type: 'button', class: 'secondary', onclick: () => openOrg(r.orgId) },
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

/** A consented org's carbon profile as a bank's risk team reads it, with CSV export. */
export function bankProfilePage(
  view: View,
  api: ApiClient,
  bankId: string,
  orgId: string,
  month: string,
): HTMLElement[] {
  const { t, lang } = view;
  const path = bankOrgPath(bankId, orgId);
  const profile = api.get<Profile>(`${path}/profile`, { month });
  const noConsent = (err: unknown) => err instanceof ApiError && err.status === 404;

  const head = section(t('bank.profile'), 'wide');
  void fill(view, head.body, async () => {
    let p: Profile;
    try {
      p = await profile;
    } catch (err) {
      if (noConsent(err))
        return h('div', { class: 'state error', 'data-state': 'no-consent' }, t('bank.noConsent'));
      throw err;
    }
    const latest = [...p.months].reverse().find((m) => m.grade !== null);
    const download = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-action': 'csv',
        onclick: () =>
          void api
            .download(`${path}/profile.csv`, { month }, `carbon-profile-${orgId}-${month}.csv`)
            .catch((err) => download.after(failed(view, err))),
      },
      `⤓ ${t('bank.csv')}`,
    );
    return [
      h(
        'div',
        { class: 'org-title' },
        h('strong', {}, p.name || orgId),
        h('span', { class: 'muted mono' }, orgId),
        p.town ? h('span', { class: 'muted' }, p.town) : null,
        p.industrySection
          ? h(
              'span',
              { class: 'muted' },
              translateLoose(lang, `industry.${p.industrySection}`, p.industrySection),
            )
          : null,
      ),
      h(
        'div',
        { class: 'figures' },
        h(
          'div',
          { class: 'figure' },
          h(
            'div',
            { class: 'figure-label' },
            `${t('account.grade')}${latest ? ` · ${formatMonth(latest.month, lang)}` : ''}`,
          ),
          gradeBadge(view, latest?.grade ?? null, 'profile.grade'),
        ),
        figure(t('bank.assets'), formatTco2e(p.assetBalanceTco2e, lang), {
          id: 'profile.assets',
          value: p.assetBalanceTco2e,
        }),
        figure(t('coverage.share'), formatShare(p.coverage.share, lang), {
          id: 'profile.coverage',
          value: p.coverage.share,
        }),
      ),
      download,
    ];
  });

  const trend = section(t('bank.intensityTrend'));
  void fill(view, trend.body, async () => {
    const p = await profile.catch(() => null);
    if (!p || p.months.every((m) => m.intensityValueAdded === null))
      return empty(t('account.noOutput'));
    return chart(
      {
        xAxis: { type: 'category', data: p.months.map((x) => formatMonth(x.month, lang)) },
        yAxis: { type: 'value', name: lang === 'zh' ? 'tCO₂e/万元' : 'tCO₂e/10k CNY' },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatIntensity(v, lang) },
        series: [
          {
            name: t('chart.orgIntensity'),
            type: 'line',
            data: p.months.map((x) => x.intensityValueAdded),
          },
        ],
      },
      { id: 'profile-intensity' },
    );
  });

  const grades = section(t('bank.gradeHistory'), 'wide');
  void fill(view, grades.body, async () => {
    const p = await profile.catch(() => null);
    if (!p || p.months.length === 0) return empty(t('state.emptySeries'));
    return h(
      'div',
      { class: 'grade-history' },
      p.months.map((g) =>
        h(
          'div',
          { class: 'grade-cell' },
          h('div', { class: 'muted' }, formatMonth(g.month, lang)),
          gradeBadge(view, g.grade),
        ),
      ),
    );
  });

  const monthly = section(t('bank.monthly'), 'wide');
  void fill(view, monthly.body, async () => {
    const p = await profile.catch(() => null);
    if (!p || p.months.length === 0) return empty(t('state.emptySeries'));
    return table(
      [
        { title: t('month'), cell: (m) => formatMonth(m.month, lang) },
        {
          title: 'tCO₂e',
          numeric: true,
          cell: (m) =>
            h(
              'span',
              { 'data-figure': `profile.month.${m.month}`, 'data-value': String(m.tco2eLocation) },
              formatTco2e(m.tco2eLocation, lang, false),
            ),
        },
        {
          title: t('account.intensity'),
          numeric: true,
          cell: (m) => formatIntensity(m.intensityValueAdded, lang),
        },
        {
          title: t('account.band'),
          cell: (m) => (m.band ? translateLoose(lang, `band.${m.band}`, m.band) : '—'),
        },
        { title: t('account.grade'), cell: (m) => gradeBadge(view, m.grade) },
      ],
      p.months,
      { id: 'profile-months' },
    );
  });

  const flags = section(t('bank.flags'));
  void fill(view, flags.body, async () => {
    const p = await profile.catch(() => null);
    if (!p || p.qualityFlags.length === 0) return empty(t('quality.none'));
    return table(
      [
        {
          title: t('quality.kind'),
          cell: (f) => translateLoose(lang, `flag.${f.kind}`, f.kind),
        },
        { title: t('quality.count'), numeric: true, cell: (f) => String(f.count) },
      ],
      p.qualityFlags,
      { id: 'quality-flags' },
    );
  });

  // Without consent there is nothing to show but the reason: no empty charts that could
  // read as "this org has no emissions".
  const parts = [trend.root, flags.root, grades.root, monthly.root];
  profile.catch(() => {
    for (const part of parts) part.remove();
  });
  return [head.root, ...parts, projectSection(view, api, path, month)];
}

function projectSection(view: View, api: ApiClient, path: string, lastMonth: string): HTMLElement {
  const { t, lang } = view;
  const card = section(t('bank.project'), 'wide');
  const result = h('div', {});
  const input = h('input', {
    name: 'projectId',
    required: true,
    autocomplete: 'off',
    'data-field': 'project',
  });
  const from = h('input', {
    type: 'month',
    name: 'from',
    required: true,
    value: addMonths(lastMonth, -11),
  });
  const to = h('input', { type: 'month', name: 'to', required: true, value: lastMonth });
  card.body.replaceChildren(
    h(
      'form',
      {
        class: 'inline-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void fill(view, result, async () => {
            const project = `${path}/projects/${encodeURIComponent(input.value.trim())}`;
            const months = { from: from.value, to: to.value };
            const r = await api.get<Reduction>(`${project}/reduction`, months);
            const download = h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () =>
                  void api
                    .download(
                      `${project}/reduction.csv`,
                      months,
                      `project-reduction-${r.projectId}.csv`,
                    )
                    .catch((err) => download.after(failed(view, err))),
              },
              `⤓ ${t('bank.csv')}`,
            );
            return [
              h(
                'div',
                { class: 'figures' },
                figure(t('bank.reduction'), formatTco2e(r.totalReductionTco2e, lang), {
                  id: 'project.reduction',
                  value: r.totalReductionTco2e,
                  note: `${r.name} · ${r.meterIds.length} ${t('bank.meters')}`,
                }),
              ),
              table(
                [
                  { title: t('month'), cell: (m) => formatMonth(m.month, lang) },
                  {
                    title: `${t('bank.baseline')} (tCO₂e)`,
                    numeric: true,
                    cell: (m) => formatTco2e(m.baselineTco2e, lang, false),
                  },
                  {
                    title: `${t('bank.actual')} (tCO₂e)`,
                    numeric: true,
                    cell: (m) => formatTco2e(m.meteredTco2e, lang, false),
                  },
                  {
                    title: `${t('bank.reduction')} (tCO₂e)`,
                    numeric: true,
                    cell: (m) => formatTco2e(m.reductionTco2e, lang, false),
                  },
                ],
                r.months,
                { id: 'project-months' },
              ),
              download,
            ];
          });
        },
      },
      h('label', {}, t('bank.projectId'), input),
      h('label', {}, t('bank.from'), from),
      h('label', {}, t('bank.to'), to),
      h('button', { type: 'submit' }, t('bank.projectShow')),
    ),
    result,
  );
  return card.root;
}
