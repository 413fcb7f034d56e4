import './styles.css';
import { ApiError, apiClient } from './api.js';
import { dispose, drawCharts } from './charts.js';
import { h } from './dom.js';
import { addMonths, currentMonth } from './format.js';
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
import { failed, fillsSettled, type View, viewFor } from './ui.js';

const root = document.getElementById('app') as HTMLElement;
let lang: Lang = loadLang();

const go = (hash: string) => {
  if (location.hash === hash) void render();
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
    void render();
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
            [
              view.t(`role.${session.principal.kind}`),
              session.principal.name ?? session.principal.id,
            ]
              .filter(Boolean)
              .join(' · '),
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
 * Whose key is this? GET /v1/me when the API has it; otherwise the role and id the person
 * chose, checked against a page only that principal may see, so a wrong key or role fails
 * here and not on the next page.
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
  const id = encodeURIComponent(chosen.id);
  const probe =
    chosen.kind === 'bureau'
      ? '/v1/region/top-emitters?from=2025-01-01&to=2025-01-02&limit=1'
      : chosen.kind === 'bank'
        ? `/v1/banks/${id}/orgs/915002370000000003/profile`
        : `/v1/orgs/${id}/consents`;
  const check = await fetch(probe, { headers });
  // 403: the key is valid but for another kind, region, org or bank. A bank's probe of an
  // org that does not exist (valid check character) answers 404: the key is that bank's.
  if (check.status === 401 || check.status === 403) throw new ApiError(check.status, 'wrong role');
  const expected = chosen.kind === 'bank' ? [200, 404] : [200];
  if (!expected.includes(check.status)) {
    // e.g. 400 for a mistyped credit code: the API's message names the field.
    const body = (await check.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(check.status, body.message ?? `HTTP ${check.status}`);
  }
  const kind = chosen.kind as Principal['kind'];
  if (kind === 'bureau') return { kind, id: '', orgIds: [] };
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
  const idLabel = h('span', {}, t('signIn.orgId'));
  const id = h('input', { name: 'id', autocomplete: 'off', 'data-field': 'id', required: true });
  const idField = h('label', {}, idLabel, id);
  const role = h(
    'select',
    {
      name: 'role',
      'data-field': 'role',
      onchange: () => {
        // The bureau's key names its region; the others name the org or the bank.
        idField.hidden = role.value === 'bureau';
        id.required = role.value !== 'bureau';
        idLabel.textContent = t(role.value === 'bank' ? 'signIn.bankId' : 'signIn.orgId');
      },
    },
    (['enterprise', 'bureau', 'bank'] as const).map((r) =>
      h('option', { value: r }, t(`role.${r}`)),
    ),
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
          const chosen = { kind: role.value, id: role.value === 'bureau' ? '' : id.value.trim() };
          const principal = await identify(key.value.trim(), chosen);
          saveSession({ apiKey: key.value.trim(), principal });
          go(homeOf(principal));
        } catch (err) {
          const text = err instanceof ApiError && err.status === 403 ? t('signIn.wrongRole') : null;
          message.replaceChildren(
            text ? h('p', { class: 'state error' }, text) : failed(view, err),
          );
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', {}, t('signIn.title')),
    h('label', {}, t('signIn.role'), role),
    h('label', {}, t('signIn.key'), key),
    idField,
    h('p', { class: 'muted small' }, t('signIn.keyHint')),
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

let renders = 0;
let refreshable = false;

/**
 * Draws the page the hash names. A quiet render (the minute refresh) builds the new page
 * off-screen and swaps it in only when every part is loaded, so figures change in place
 * instead of flashing "loading".
 */
async function render(quiet = false): Promise<void> {
  const token = ++renders;
  refreshable = false;
  if (!quiet) dispose();
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
    if (quiet) return;
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
    const orgId = parts[2];
    // The profile's 12 months end with the chosen month (the API's default: last month).
    const last = params.has('month') ? month : addMonths(currentMonth(), -1);
    main.append(
      monthBar(view, last, withMonth(`#/bank/org/${orgId}`), [
        h('a', { href: '#/bank', class: 'back' }, `← ${view.t('nav.orgs')}`),
      ]),
      ...bankProfilePage(view, api, principal.id, orgId, last),
    );
  } else if (parts[0] === 'bank' && principal.kind === 'bank') {
    main.append(...bankOrgsPage(view, api, principal.id, (orgId) => go(`#/bank/org/${orgId}`)));
  } else {
    go(homeOf(principal));
    return;
  }
  if (quiet) {
    await fillsSettled();
    if (token !== renders) return;
    dispose({ keepPending: true });
  }
  root.replaceChildren(header(view, session), main);
  drawCharts();
  // Only the current month changes as readings arrive; past months stay still.
  refreshable = month === currentMonth();
}

window.addEventListener('hashchange', () => void render());
void render();

// Numbers move as readings arrive: redraw the current month every minute, unless the tab
// is hidden or the person is filling in a form.
setInterval(() => {
  const active = document.activeElement;
  const typing = active instanceof HTMLElement && active.closest('form') !== null;
  if (refreshable && document.visibilityState === 'visible' && !typing) void render(true);
}, 60_000);
