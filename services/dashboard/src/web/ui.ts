import { ApiError } from './api.js';
import { h } from './dom.js';
import { type Figure, toNumber } from './format.js';
import type { Lang, TextKey } from './i18n.js';
import { translate } from './i18n.js';

/** What every page part gets: the language and a translator. */
export interface View {
  lang: Lang;
  t: (key: TextKey, vars?: Record<string, string | number>) => string;
}

export function viewFor(lang: Lang): View {
  return { lang, t: (key, vars) => translate(lang, key, vars) };
}

/** A card with a title; its body is filled later (loading → data, empty or error). */
export function section(title: string, cls = ''): { root: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'card-body' }, h('p', { class: 'state loading' }, '…'));
  const root = h('section', { class: `card ${cls}` }, h('h2', {}, title), body);
  return { root, body };
}

export function loading(view: View): HTMLElement {
  return h('p', { class: 'state loading', role: 'status' }, view.t('state.loading'));
}

export function empty(text: string): HTMLElement {
  return h('p', { class: 'state empty' }, text);
}

/** An error the reader can act on: sign in again, ask for consent, or retry. */
export function failed(view: View, err: unknown, retry?: () => void): HTMLElement {
  let text: string;
  if (err instanceof ApiError && err.status === 401) text = view.t('state.unauthorized');
  else if (err instanceof ApiError && err.status === 403) text = view.t('state.forbidden');
  else if (err instanceof ApiError && err.status === 404) text = view.t('state.notFound');
  else if (err instanceof ApiError && err.status === 400)
    text = view.t('state.badRequest', { message: err.message });
  else text = view.t('state.error', { message: err instanceof Error ? err.message : String(err) });
  return h(
    'div',
    { class: 'state error', role: 'alert' },
    h('p', {}, text),
    retry
      ? h('button', { type: 'button', class: 'secondary', onclick: retry }, view.t('state.retry'))
      : null,
  );
}

/**
 * Fills `body` with what `load` draws, showing loading first and a readable error on
 * failure (with a retry button that runs it again).
 */
export function fill(
  view: View,
  body: HTMLElement,
  load: () => Promise<Node | Node[]>,
): Promise<void> {
  const run = async () => {
    body.replaceChildren(loading(view));
    try {
      const content = await load();
      body.replaceChildren(...(Array.isArray(content) ? content : [content]));
    } catch (err) {
      body.replaceChildren(failed(view, err, () => void run()));
    }
  };
  const done = run();
  inFlight.add(done);
  void done.finally(() => inFlight.delete(done));
  return done;
}

const inFlight = new Set<Promise<void>>();

/** Resolves once every part being filled is drawn (a refresh swaps the page in then). */
export async function fillsSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

/**
 * A figure as the reader sees it, with the API's exact value in data-value so a test (or
 * a curious analyst in the inspector) can compare the page with the API.
 */
export function figure(
  label: string,
  text: string,
  opts: { id?: string; value?: Figure; note?: string } = {},
): HTMLElement {
  const n = toNumber(opts.value);
  return h(
    'div',
    { class: 'figure' },
    h('div', { class: 'figure-label' }, label),
    h(
      'div',
      {
        class: 'figure-value',
        'data-figure': opts.id,
        'data-value': n === null ? undefined : String(n),
      },
      text,
    ),
    opts.note ? h('div', { class: 'figure-note' }, opts.note) : null,
  );
}

/** The carbon-efficiency grade as a coloured badge (1 best … 5 worst). */
export function gradeBadge(view: View, grade: Figure, id?: string): HTMLElement {
  const n = toNumber(grade);
  return h(
    'span',
    {
      class: `grade grade-${n ?? 'none'}`,
      'data-figure': id,
      'data-value': n === null ? undefined : String(n),
    },
    n === null ? '—' : view.t('account.gradeN', { n }),
  );
}

export interface Column<Row> {
  title: string;
  cell: (row: Row) => Node | string;
  numeric?: boolean;
}

/** A table that scrolls sideways on a phone instead of squeezing its columns. */
export function table<Row>(
  columns: Column<Row>[],
  rows: Row[],
  opts: { id?: string } = {},
): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { 'data-table': opts.id },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { class: c.numeric ? 'num' : '' }, c.title)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            columns.map((c) => h('td', { class: c.numeric ? 'num' : '' }, c.cell(row))),
          ),
        ),
      ),
    ),
  );
}
