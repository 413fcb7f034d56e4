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

function principalFrom(p: ApiPrincipal): Principal {
  if (p.kind === 'bureau') return { kind: 'bureau', id: p.regionCode, orgIds: [] };
  if (p.kind === 'bank') return { kind: 'bank', id: p.bankId, orgIds: [] };
  return { kind: 'enterprise', id: p.orgIds[0] ?? '', orgIds: p.orgIds };
}

/** Whose key is this? The API says (GET /v1/me), so nobody picks a role or an id by hand. */
async function identify(apiKey: string): Promise<Principal> {
  const response = await fetch('/v1/me', {
    headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(response.status, body.message ?? `HTTP ${response.status}`);
  }
  const me = (await response.json()) as { principal: ApiPrincipal };
  return principalFrom(me.principal);
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
          const principal = await identify(key.value.trim());
          saveSession({ apiKey: key.value.trim(), principal });
          go(homeOf(principal));
        } catch (err) {
          message.replaceChildren(failed(view, err));
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', {}, t('signIn.title')),
    h('label', {}, t('signIn.key'), key),
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
