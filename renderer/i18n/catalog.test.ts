import { describe, expect, it, vi } from 'vitest';
import { catalog, englishTable, modules, translate } from './catalog';
import { englishModules, englishPageModules } from './messages/en';
import { pageModules } from './messages/pages';

describe('message catalog', () => {
  it('has no key defined by two modules (a later module would silently override)', () => {
    const seen = new Map<string, number>();
    [...modules, ...pageModules].forEach((m, i) => {
      for (const key of Object.keys(m)) {
        expect(seen.has(key), `${key} is defined twice`).toBe(false);
        seen.set(key, i);
      }
    });
  });
  it('has Thai and English for every key, none empty, with the same placeholders', () => {
    for (const key of Object.keys(catalog.th) as (keyof typeof catalog.th)[]) {
      const th = catalog.th[key];
      const en = catalog.en[key];
      expect(th.trim(), key).not.toBe('');
      expect(en?.trim(), key).toBeTruthy();
      const params = (s: string) => [...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]).sort();
      expect(params(en), key).toEqual(params(th));
    }
    expect(Object.keys(catalog.en).sort()).toEqual(Object.keys(catalog.th).sort());
  });
  it('has each English module beside its Thai one, with the same keys', () => {
    expect(englishModules.length).toBe(modules.length);
    modules.forEach((th, i) => expect(Object.keys(englishModules[i] ?? {}).sort()).toEqual(Object.keys(th).sort()));
    expect(englishPageModules.length).toBe(pageModules.length);
    pageModules.forEach((th, i) => expect(Object.keys(englishPageModules[i] ?? {}).sort()).toEqual(Object.keys(th).sort()));
  });
  it('rebuilds an English module from its values alone (as a build ships it), keyed by its Thai module', () => {
    [...englishModules, ...englishPageModules].forEach((en, i) => {
      const th = [...modules, ...pageModules][i] ?? {};
      const values = Object.keys(en).sort().map((k) => (en as Record<string, string>)[k] as string);
      expect(englishTable(th, values)).toEqual(en);
    });
    expect(() => englishTable({ a: 'ก', b: 'ข' }, ['A'])).toThrow(/1 messages for the 2 keys/);
  });
  it('loads English on demand: translating before it is loaded throws instead of showing keys, then it works', async () => {
    vi.resetModules();
    const fresh = await import('./catalog');
    expect(fresh.isLocaleLoaded('th')).toBe(true);
    expect(fresh.isLocaleLoaded('en')).toBe(false);
    expect(fresh.translate('th', 'nav.register')).toBe('ทะเบียนผู้สูงอายุ');
    expect(() => fresh.translate('en', 'nav.register')).toThrow(/not loaded/);
    await Promise.all([fresh.loadLocale('en'), fresh.loadLocale('en')]);
    expect(fresh.isLocaleLoaded('en')).toBe(true);
    expect(fresh.translate('en', 'nav.register')).toBe('Resident register');
  });
  it('loads the messages of on-demand pages with them: translating one before throws, then it works', async () => {
    vi.resetModules();
    const fresh = await import('./catalog');
    expect(() => fresh.translate('th', 'set.title')).toThrow(/not loaded/);
    expect(fresh.isMessageKey('set.title')).toBe(false);
    await Promise.all([fresh.loadPageMessages(), fresh.loadPageMessages()]);
    expect(fresh.isMessageKey('set.title')).toBe(true);
    expect(fresh.translate('th', 'set.title')).toBe(catalog.th['set.title']);
  });
  it('interpolates parameters and leaves unknown ones visible', () => {
    expect(translate('en', 'reg.count', { shown: 3, total: 10 })).toBe('3 of 10 residents');
    expect(translate('th', 'reg.count', { shown: 3 })).toBe('พบ 3 จาก {total} คน');
  });
  it('chooses the plural case Intl.PluralRules gives for the number (English), with # as the number', () => {
    expect(translate('en', 'plans.perWeek', { n: 1 })).toBe('once a week');
    expect(translate('en', 'plans.perWeek', { n: 3 })).toBe('3 times a week');
    expect(translate('en', 'sync.status.waiting', { n: 1, age: '5 min' })).toBe('1 change waiting (oldest 5 min)');
    expect(translate('en', 'sync.status.waiting', { n: 0, age: '5 min' })).toBe('0 changes waiting (oldest 5 min)');
    expect(translate('en', 'common.years', { n: 1 })).toBe('1 year');
    // Without the number the text is left as written, never a wrong case.
    expect(translate('en', 'common.years', {})).toContain('plural');
    // Every English plural message has an `other` case.
    for (const [key, value] of Object.entries(catalog.en)) if (value.includes(', plural,')) expect(value, key).toMatch(/other \{/);
  });
  it('Thai text is Thai: every Thai message except names and codes contains Thai script', () => {
    const exempt = new Set(['app.name', 'lang.switch', 'set.language.en']);
    for (const [key, value] of Object.entries(catalog.th)) {
      if (exempt.has(key)) continue;
      expect(/[\u0E00-\u0E7F]/.test(value), `${key}: ${value}`).toBe(true);
    }
  });
});
