import './styles.css';
import { ApiError, apiClient } from './api.js';
import { dispose } from './charts.js';
import { h } from './dom.js';
import { currentMonth } from './format.js';
import type { Lang } from './i18n.js';
import { bankOrgsPage, bankProfilePage } from './pages/bank.js';
import { accessLogSection, consentsSection } from './pages/consents.js';
import { orgAccountSections } from './pages/org-account.js';
import { regionPage } from './pages/region.js';
import {
  clearSession,
  loadLang,
  loadSession,
  type Principal,
  type Session,
  saveLang,
  saveSession,
} from './session.js';
import { failed, type View, viewFor } from './ui.js';

const root = document.getElementById('app') as HTMLElement;
let lang: Lang = loadLang();

const go = (hash: string) => {
  if (location.hash === hash) render();
  else location.hash = hash;
};

function signOut(): void {
  clearSession();
  go('#/sign-in');
}

/** The home page of each principal kind. */
function homeOf(principal: Principal): string {
  if (principal.kind === 'bureau') return '#/region';
  if (principal.kind === 'bank') return '#/bank';
  return `#/org/${principal.orgIds[0] ?? principal.id}`;
}

function header(view: View, session: Session | null): HTMLElement {
  const switchLang = () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    saveLang(lang);
    render();
  };
  return h(
    'header',
    { class: 'top' },
    h(
      'div',
      { class: 'brand' },
      h('span', { class: 'logo', 'aria-hidden': 'true' }, 'CO₂'),
      h(
        'div',
        {},
        h('strong', {}, view.t('app.title')),
        h('div', { class: 'muted small' }, view.t('app.subtitle')),
      ),
    ),
    h(
      'nav',
      {},
      session
        ? h(
            'span',
            { class: 'who' },
            `${view.t(`role.${session.principal.kind}`)} · ${session.principal.name ?? session.principal.id}`,
          )
        : null,
      h(
        'button',
        { type: 'button', class: 'link', onclick: switchLang, 'data-action': 'lang' },
        view.t('lang.switch'),
      ),
      session
        ? h(
            'button',
            { type: 'button', class: 'link', onclick: signOut, 'data-action': 'sign-out' },
            view.t('signOut'),
          )
        : null,
    ),
  );
}

/** A principal as the query API's key file describes it. */
type ApiPrincipal =
  | { kind: 'bureau'; regionCode: string }
  | { kind: 'enterprise'; orgIds: string[] }
  | { kind: 'bank'; bankId: string };

function principalFrom(p: ApiPrincipal, name?: string): Principal {
  if (p.kind === 'bureau') return { kind: 'bureau', id: p.regionCode, orgIds: [], name };
  if (p.kind === 'bank') return { kind: 'bank', id: p.bankId, orgIds: [], name };
  return { kind: 'enterprise', id: p.orgIds[0] ?? '', orgIds: p.orgIds, name };
}

/**
 * Asks the API whose key this is (GET /v1/me). An API without that route leaves the
 * choice to the person, and the key is checked against a page that role may see, so a
 * wrong key fails here and not on the next page.
 */
async function identify(apiKey: string, chosen: { kind: string; id: string }): Promise<Principal> {
  const headers = { authorization: `Bearer ${apiKey}`, accept: 'application/json' };
  const response = await fetch('/v1/me', { headers });
  if (response.ok) {
    const me = (await response.json()) as {
      principal?: ApiPrincipal;
      name?: string;
    } & Partial<ApiPrincipal>;
    return principalFrom(me.principal ?? (me as ApiPrincipal), me.name);
  }
  if (response.status === 401) throw new ApiError(401, 'unauthorized');
  if (response.status !== 404 || !chosen.kind || !chosen.id)
    throw new ApiError(response.status, 'needs role');
  const id = encodeURIComponent(chosen.id);
  const probe =
    chosen.kind === 'bureau'
      ? '/v1/region/top-emitters?from=2025-01-01&to=2025-01-02&limit=1'
      : chosen.kind === 'bank'
        ? `/v1/banks/${id}/orgs/000000000000000000/profile`
        : `/v1/orgs/${id}/consents`;
  const check = await fetch(probe, { headers });
  // A bank's probe of a made-up org answers 404 when the key is a bank's; 403 means another kind.
  if (check.status === 401 || check.status === 403) throw new ApiError(check.status, 'wrong role');
  const kind = chosen.kind as Principal['kind'];
  return { kind, id: chosen.id, orgIds: kind === 'enterprise' ? [chosen.id] : [] };
}

function signInPage(view: View): HTMLElement {
  const { t } = view;
  const key = h('input', {
    type: 'password',
    name: 'apiKey',
    required: true,
    autocomplete: 'off',
    'data-field': 'apiKey',
  });
  const role = h(
    'select',
    { name: 'role', 'data-field': 'role' },
    (['enterprise', 'bureau', 'bank'] as const).map((r) =>
      h('option', { value: r }, t(`role.${r}`)),
    ),
  );
  const id = h('input', { name: 'id', autocomplete: 'off', 'data-field': 'id' });
  const extra = h(
    'div',
    { class: 'role-fields', hidden: true },
    h('p', { class: 'muted' }, t('signIn.roleNeeded')),
    h('label', {}, t('signIn.role'), role),
    h('label', {}, t('signIn.id'), id),
  );
  const message = h('div', { class: 'form-message', role: 'status' });
  const submit = h('button', { type: 'submit' }, t('signIn.submit'));
  const form = h(
    'form',
    {
      class: 'card sign-in',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        submit.disabled = true;
        message.replaceChildren(t('signIn.checking'));
        try {
          const principal = await identify(key.value.trim(), {
            kind: extra.hidden ? '' : role.value,
            id: id.value.trim(),
          });
          saveSession({ apiKey: key.value.trim(), principal });
          go(homeOf(principal));
        } catch (err) {
          if (err instanceof ApiError && err.message === 'needs role') {
            extra.hidden = false;
            message.replaceChildren(t('signIn.roleNeeded'));
          } else if (err instanceof ApiError && err.message === 'wrong role') {
            message.replaceChildren(failed(view, new ApiError(403, t('signIn.wrongRole'))));
          } else message.replaceChildren(failed(view, err));
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', {}, t('signIn.title')),
    h('label', {}, t('signIn.key'), key),
    h('p', { class: 'muted small' }, t('signIn.keyHint')),
    extra,
    submit,
    message,
  );
  return h('main', { class: 'center' }, form);
}

/** A month picker that re-renders the page for the chosen month. */
function monthBar(
  view: View,
  month: string,
  onChange: (m: string) => void,
  extra: Node[] = [],
): HTMLElement {
  const input = h('input', {
    type: 'month',
    value: month,
    max: currentMonth(),
    'data-field': 'month',
    onchange: (e: Event) => onChange((e.target as HTMLInputElement).value || month),
  });
  return h('div', { class: 'toolbar' }, h('label', {}, view.t('month'), input), ...extra);
}

function render(): void {
  dispose();
  const view = viewFor(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = view.t('app.title');
  const session = loadSession();
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = (path ?? '').split('/').filter(Boolean);
  if (!session || parts[0] === 'sign-in') {
    if (session && parts[0] === 'sign-in') {
      go(homeOf(session.principal));
      return;
    }
    root.replaceChildren(header(view, null), signInPage(view));
    return;
  }
  const api = apiClient(session.apiKey, signOut);
  const { principal } = session;
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '')
    ? (params.get('month') as string)
    : currentMonth();
  const withMonth = (base: string) => (m: string) => go(`${base}?month=${m}`);
  const main = h('main', { class: 'grid' });
  const nav: Node[] = [];

  if (parts[0] === 'org' && parts[1] && principal.kind !== 'bank') {
    const orgId = parts[1];
    if (principal.kind === 'bureau')
      nav.push(
        h('a', { href: `#/region?month=${month}`, class: 'back' }, `← ${view.t('nav.region')}`),
      );
    nav.push(h('span', { class: 'mono org-id', 'data-org': orgId }, orgId));
    main.append(
      monthBar(view, month, withMonth(`#/org/${orgId}`), nav),
      ...orgAccountSections(view, api, orgId, month),
    );
    if (principal.kind === 'enterprise')
      main.append(consentsSection(view, api, orgId), accessLogSection(view, api, orgId));
  } else if (parts[0] === 'region' && principal.kind === 'bureau') {
    main.append(
      monthBar(view, month, withMonth('#/region')),
      ...regionPage(view, api, month, (orgId) => go(`#/org/${orgId}?month=${month}`)),
    );
  } else if (parts[0] === 'bank' && parts[1] === 'org' && parts[2] && principal.kind === 'bank') {
    main.append(
      h(
        'div',
        { class: 'toolbar' },
        h('a', { href: '#/bank', class: 'back' }, `← ${view.t('nav.orgs')}`),
      ),
      ...bankProfilePage(view, api, principal.id, parts[2]),
    );
  } else if (parts[0] === 'bank' && principal.kind === 'bank') {
    main.append(...bankOrgsPage(view, api, principal.id, (orgId) => go(`#/bank/org/${orgId}`)));
  } else {
    go(homeOf(principal));
    return;
  }
  root.replaceChildren(header(view, session), main);
}

window.addEventListener('hashchange', render);
render();
