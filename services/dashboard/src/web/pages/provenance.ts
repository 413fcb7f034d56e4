import type { Explanation } from '../api-types.js';
import { h } from '../dom.js';
import { formatCount, formatDateTime, formatNumber } from '../format.js';
import { fill, table, type View } from '../ui.js';

/**
 * "Where does this figure come from?": a button that asks the API for the figure's
 * provenance (?explain=1) and shows the readings counted, the factor records and versions
 * used, and when the lines and the account were computed.
 */
export function provenanceButton(
  view: View,
  load: () => Promise<Explanation | undefined>,
): HTMLElement {
  const { t, lang } = view;
  const panel = h('div', { class: 'provenance', hidden: true, 'data-provenance': '' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'link',
      'data-action': 'provenance',
      onclick: () => {
        panel.hidden = !panel.hidden;
        if (panel.hidden || panel.childElementCount > 0) return;
        void fill(view, panel, async () => {
          const e = await load();
          if (!e) return h('p', { class: 'muted' }, t('provenance.none'));
          return [
            h('p', {}, e.method),
            h(
              'p',
              { class: 'muted small' },
              t('provenance.summary', {
                readings: formatCount(e.readingsCounted, lang),
                from: formatDateTime(e.linesComputedFrom, lang),
                to: formatDateTime(e.linesComputedTo, lang),
              }),
            ),
            table(
              [
                { title: t('provenance.factor'), cell: (f) => h('span', { class: 'mono' }, f.id) },
                { title: t('provenance.version'), numeric: true, cell: (f) => String(f.version) },
                {
                  title: t('provenance.value'),
                  numeric: true,
                  cell: (f) =>
                    f.value === null ? '—' : `${formatNumber(f.value, lang, 4)} ${f.unit ?? ''}`,
                },
                {
                  title: t('provenance.year'),
                  cell: (f) => (f.dataYear === null ? '—' : String(f.dataYear)),
                },
                { title: t('provenance.source'), cell: (f) => f.source ?? '—' },
                {
                  title: t('provenance.lines'),
                  numeric: true,
                  cell: (f) => formatCount(f.lines, lang),
                },
              ],
              e.factors,
              { id: 'provenance-factors' },
            ),
          ];
        });
      },
    },
    `ⓘ ${t('provenance.show')}`,
  );
  return h('div', {}, button, panel);
}
