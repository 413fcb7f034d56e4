import type { ApiClient } from '../api.js';
import { h } from '../dom.js';
import { addMonths, currentMonth, formatDateTime } from '../format.js';
import { translateLoose } from '../i18n.js';
import { pickList, pickString } from '../pick.js';
import { empty, failed, fill, section, table, type View } from '../ui.js';
import { orgPath } from './org-account.js';

const purposes = ['loan_assessment', 'post_loan_monitoring', 'carbon_reduction_facility'];

/** Consents the org granted, a form to grant one, and revoke buttons. */
export function consentsSection(view: View, api: ApiClient, orgId: string): HTMLElement {
  const { t, lang } = view;
  const card = section(t('consents.title'), 'wide');
  const base = `${orgPath(orgId)}/consents`;
  const list = h('div', {});
  const message = h('div', { class: 'form-message', role: 'status' });
  const reload = () =>
    fill(view, list, async () => {
      const rows = pickList(await api.get(base), 'consents').filter(
        (c) => !pickString(c, 'revokedAt'),
      );
      if (rows.length === 0) return empty(t('consents.empty'));
      return table(
        [
          { title: t('consents.bank'), cell: (c) => pickString(c, 'bankId') },
          {
            title: t('consents.purpose'),
            cell: (c) =>
              translateLoose(lang, `purpose.${pickString(c, 'purpose')}`, pickString(c, 'purpose')),
          },
          {
            title: t('consents.expires'),
            cell: (c) => pickString(c, 'expiresAt', 'expiry', 'validUntil').slice(0, 10),
          },
          {
            title: '',
            cell: (c) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'danger',
                  'data-revoke': pickString(c, 'bankId'),
                  onclick: async () => {
                    if (!window.confirm(t('consents.revokeConfirm'))) return;
                    try {
                      await api.send(
                        'DELETE',
                        `${base}/${encodeURIComponent(pickString(c, 'bankId'))}`,
                      );
                      message.replaceChildren(t('consents.revoked'));
                      await reload();
                    } catch (err) {
                      message.replaceChildren(failed(view, err));
                    }
                  },
                },
                t('consents.revoke'),
              ),
          },
        ],
        rows,
        { id: 'consents' },
      );
    });

  const bank = h('input', {
    name: 'bankId',
    required: true,
    autocomplete: 'off',
    placeholder: 'ICBC-CQ',
  });
  const purpose = h(
    'select',
    { name: 'purpose' },
    purposes.map((p) => h('option', { value: p }, translateLoose(lang, `purpose.${p}`, p))),
  );
  const expires = h('input', {
    name: 'expiresAt',
    type: 'date',
    required: true,
    value: `${addMonths(currentMonth(), 12)}-01`,
  });
  const form = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          await api.send('POST', base, {
            bankId: bank.value.trim(),
            purpose: purpose.value,
            expiresAt: `${expires.value}T23:59:59+08:00`,
          });
          message.replaceChildren(t('consents.granted'));
          bank.value = '';
          await reload();
        } catch (err) {
          message.replaceChildren(failed(view, err));
        }
      },
    },
    h('label', {}, t('consents.bank'), bank),
    h('label', {}, t('consents.purpose'), purpose),
    h('label', {}, t('consents.expires'), expires),
    h('button', { type: 'submit' }, t('consents.grant')),
  );
  card.body.replaceChildren(form, message, list);
  void reload();
  return card.root;
}

/** Every pull of this org's data by a bank, newest first. */
export function accessLogSection(view: View, api: ApiClient, orgId: string): HTMLElement {
  const { t, lang } = view;
  const card = section(t('access.title'), 'wide');
  void fill(view, card.body, async () => {
    const rows = pickList(await api.get(`${orgPath(orgId)}/access-log`), 'entries', 'accesses');
    if (rows.length === 0) return empty(t('access.empty'));
    return table(
      [
        {
          title: t('access.when'),
          cell: (r) => formatDateTime(pickString(r, 'at', 'accessedAt', 'time'), lang),
        },
        { title: t('access.who'), cell: (r) => pickString(r, 'bankId', 'principal', 'by') },
        {
          title: t('access.what'),
          cell: (r) => pickString(r, 'resource', 'path', 'what', 'endpoint'),
        },
      ],
      rows,
      { id: 'access-log' },
    );
  });
  return card.root;
}
