import type { ApiClient } from '../api.js';
import {
  type AccessLog,
  type ConsentRequest,
  type Consents,
  consentPurposes,
} from '../api-types.js';
import { h } from '../dom.js';
import { addMonths, currentMonth, formatDateTime } from '../format.js';
import { translateLoose } from '../i18n.js';
import { empty, failed, fill, section, table, type View } from '../ui.js';
import { orgPath } from './org-account.js';

/** Consents the org granted, a form to grant one, and revoke buttons. */
export function consentsSection(view: View, api: ApiClient, orgId: string): HTMLElement {
  const { t, lang } = view;
  const card = section(t('consents.title'), 'wide');
  const base = `${orgPath(orgId)}/consents`;
  const list = h('div', {});
  const message = h('div', { class: 'form-message', role: 'status' });
  const purposeName = (p: string) => translateLoose(lang, `purpose.${p}`, p);

  const revoke = async (bankId: string) => {
    if (!window.confirm(t('consents.revokeConfirm'))) return;
    try {
      await api.send('DELETE', `${base}/${encodeURIComponent(bankId)}`);
      message.replaceChildren(t('consents.revoked'));
      await reload();
    } catch (err) {
      message.replaceChildren(failed(view, err));
    }
  };
  const reload = () =>
    fill(view, list, async () => {
      const { consents } = await api.get<Consents>(base);
      if (consents.length === 0) return empty(t('consents.empty'));
      return table(
        [
          { title: t('consents.bank'), cell: (c) => h('span', { class: 'mono' }, c.bankId) },
          { title: t('consents.purpose'), cell: (c) => purposeName(c.purpose) },
          { title: t('consents.expires'), cell: (c) => formatDateTime(c.expiresAt, lang) },
          {
            title: t('consents.status'),
            cell: (c) =>
              h(
                'span',
                { class: `status ${c.status}` },
                translateLoose(lang, `consent.${c.status}`, c.status),
              ),
          },
          {
            title: '',
            cell: (c) =>
              c.status === 'active'
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'danger',
                      'data-revoke': c.bankId,
                      onclick: () => void revoke(c.bankId),
                    },
                    t('consents.revoke'),
                  )
                : '',
          },
        ],
        consents,
        { id: 'consents' },
      );
    });

  const bank = h('input', {
    name: 'bankId',
    required: true,
    autocomplete: 'off',
    'data-field': 'consent-bank',
  });
  const purpose = h(
    'select',
    { name: 'purpose', 'data-field': 'consent-purpose' },
    consentPurposes.map((p) => h('option', { value: p }, purposeName(p))),
  );
  const expires = h('input', {
    name: 'expiresAt',
    type: 'date',
    required: true,
    value: `${addMonths(currentMonth(), 12)}-01`,
    'data-field': 'consent-expires',
  });
  const form = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const request: ConsentRequest = {
          bankId: bank.value.trim(),
          purpose: purpose.value as ConsentRequest['purpose'],
          // The consent runs to the end of the chosen day in China time.
          expiresAt: `${expires.value}T23:59:59+08:00`,
        };
        try {
          await api.send('POST', base, request);
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
    const body = await api.get<AccessLog>(`${orgPath(orgId)}/access-log`, { limit: 50 });
    if (body.entries.length === 0) return empty(t('access.empty'));
    return table(
      [
        { title: t('access.when'), cell: (r) => formatDateTime(r.at, lang) },
        { title: t('access.who'), cell: (r) => h('span', { class: 'mono' }, r.bankId) },
        {
          title: t('consents.purpose'),
          cell: (r) => translateLoose(lang, `purpose.${r.purpose}`, r.purpose),
        },
        {
          title: t('access.what'),
          cell: (r) => h('span', { class: 'mono' }, `${r.endpoint}${r.query ? `?${r.query}` : ''}`),
        },
      ],
      body.entries,
      { id: 'access-log' },
    );
  });
  return card.root;
}
