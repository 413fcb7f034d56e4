import { ENERGY_TYPES } from '@carbon-account/accounting';
import { describe, expect, it } from 'vitest';
import { dictionaries, translate, translateLoose } from './i18n.js';

describe('texts', () => {
  it('every key has a non-empty text in both languages', () => {
    const zh = Object.keys(dictionaries.zh).sort();
    const en = Object.keys(dictionaries.en).sort();
    expect(en).toEqual(zh);
    for (const lang of ['zh', 'en'] as const) {
      for (const [key, text] of Object.entries(dictionaries[lang])) {
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });
  it('Chinese texts are Chinese (no English left untranslated in the default language)', () => {
    const untranslated = Object.entries(dictionaries.zh).filter(
      ([key, text]) =>
        key !== 'lang.switch' && text === dictionaries.en[key as keyof typeof dictionaries.en],
    );
    expect(untranslated).toEqual([]);
  });
  it('placeholders are the same in both languages and get filled', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(dictionaries.zh) as (keyof typeof dictionaries.zh)[]) {
      expect(names(dictionaries.en[key]), key).toEqual(names(dictionaries.zh[key]));
    }
    expect(translate('zh', 'account.gradeN', { n: 2 })).toBe('2 级');
    expect(translate('en', 'account.gradeN', { n: 2 })).toBe('Grade 2');
  });
  it('every energy type of the contract has a name in both languages', () => {
    for (const type of ENERGY_TYPES) {
      expect(translateLoose('zh', `type.${type}`, '?'), type).not.toBe('?');
      expect(translateLoose('en', `type.${type}`, '?'), type).not.toBe('?');
    }
  });
});
