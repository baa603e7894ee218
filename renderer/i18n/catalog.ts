/**
 * The message catalog: Thai (the default) is part of the first chunk, except the messages only on-demand pages
 * use (messages/pages.ts), which `loadPageMessages()` fetches with those pages; English is its own chunk,
 * fetched by `loadLocale('en')` when it is chosen, so a Thai device never downloads it before the register paints.
 *
 * Invariants:
 * - `translate(locale, …)` is only called for a loaded locale: the I18nProvider switches to a locale after
 *   `loadLocale` resolved (no flash of raw keys), and main.tsx loads the stored locale before the first
 *   render. Translating in a locale that is not loaded throws, rather than showing keys or the wrong language.
 * - Every lazy part (app/lazy.tsx) renders only after `loadPageMessages()` resolved, so a page's Thai
 *   messages (and, in English, its English) are in memory before it shows; translating a key that is not
 *   loaded throws, as above.
 * - Keys are unique across modules and English has exactly Thai's keys (catalog.test.ts; the types of
 *   define.ts for each module): a built English module is only its values, matched to its Thai module's
 *   sorted keys (`englishTable`).
 */
import { common } from './messages/common';
import { validation } from './messages/validation';
import { register } from './messages/register';
import { adl } from './messages/adl';
import { sync } from './messages/sync';
import { errors } from './messages/errors';
import { lock } from './messages/lock';
import type { pageModules } from './messages/pages';
import { decodeThai } from './thaiAscii';

/**
 * The (Thai) message modules of the first chunk; with messages/pages.ts `pageModules`, keys must be unique
 * across modules (checked by catalog.test.ts).
 */
export const modules = [common, validation, register, adl, sync, errors, lock] as const;

type ModuleKeys<M> = M extends unknown ? keyof M & string : never;
export type MessageKey = ModuleKeys<(typeof modules)[number]> | ModuleKeys<(typeof pageModules)[number]>;
export type Locale = 'th' | 'en';
type Catalog = Record<MessageKey, string>;

function merge(tables: readonly Record<string, string>[]): Catalog {
  const out: Record<string, string> = {};
  for (const m of tables) Object.assign(out, m);
  return out as Catalog;
}

/** Thai modules as a build ships them: their plain strings encoded (thaiAscii.ts), decoded here. */
function mergeThai(tables: readonly Record<string, string>[]): Catalog {
  const out: Record<string, string> = {};
  for (const m of tables) for (const [key, value] of Object.entries(m)) out[key] = decodeThai(value);
  return out as Catalog;
}

/**
 * An English module as the bundle holds it. Written as a table with its Thai module's keys (define.ts); a build
 * keeps only its values, in the order of the sorted keys (vite.config.ts `englishValuesOnly`), and the keys are
 * the Thai module's.
 */
type EnglishModule = Readonly<Record<string, string>> | readonly string[];

const isValueList = (m: EnglishModule): m is readonly string[] => Array.isArray(m);

export function englishTable(thai: Readonly<Record<string, string>>, en: EnglishModule): Record<string, string> {
  if (!isValueList(en)) return en;
  const keys = Object.keys(thai).sort();
  if (keys.length !== en.length) throw new Error(`an English module has ${en.length} messages for the ${keys.length} keys of its Thai module`);
  return Object.fromEntries(keys.map((k, i) => [k, en[i] as string]));
}

// Thai holds the page messages too once loadPageMessages() resolved (the type counts them from the start);
// English too once both it and the page messages are loaded (its page modules need the Thai keys).
const loaded: { th: Catalog; en?: Catalog } = { th: mergeThai(modules) };
let loadingEn: Promise<void> | null = null;
let englishPages: readonly EnglishModule[] = [];
let thaiPages: readonly Readonly<Record<string, string>>[] | null = null;
let loadingPages: Promise<void> | null = null;

/** Adds the English of the on-demand pages once both English and the pages' Thai messages are loaded. */
function addEnglishPages(): void {
  if (!loaded.en || !thaiPages) return;
  const pages = thaiPages;
  Object.assign(loaded.en, merge(englishPages.map((en, i) => englishTable(pages[i] ?? {}, en))));
}

/**
 * Adds the Thai messages of the on-demand pages (messages/pages.ts, fetched with them) to the catalog. Rejects
 * when the chunk cannot be fetched; a later call tries again.
 */
export function loadPageMessages(): Promise<void> {
  if (thaiPages) return Promise.resolve();
  loadingPages ??= import('./messages/pages').then(
    (m) => {
      Object.assign(loaded.th, mergeThai(m.pageModules));
      thaiPages = m.pageModules;
      addEnglishPages();
    },
    (err: unknown) => {
      loadingPages = null;
      throw err;
    },
  );
  return loadingPages;
}

/** True when `locale`'s messages are in memory (Thai always is). */
export function isLocaleLoaded(locale: Locale): boolean {
  return loaded[locale] !== undefined;
}

/**
 * Loads a locale's messages (English: fetches its chunk once; Thai: nothing to do). Rejects when the chunk
 * cannot be fetched; a later call tries again.
 */
export function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'th' || loaded.en) return Promise.resolve();
  loadingEn ??= import('./messages/en').then(
    (m) => {
      loaded.en = merge(modules.map((th, i) => englishTable(th, m.englishModules[i] ?? {})));
      englishPages = m.englishPageModules;
      addEnglishPages();
    },
    (err: unknown) => {
      loadingEn = null;
      throw err;
    },
  );
  return loadingEn;
}

function table(locale: Locale): Catalog {
  const t = loaded[locale];
  if (!t) throw new Error(`the ${locale} messages are not loaded (await loadLocale('${locale}') first)`);
  return t;
}

/** The loaded catalogs by locale (reading one that is not loaded throws, see the header). */
export const catalog: Readonly<Record<Locale, Catalog>> = {
  get th() {
    return loaded.th;
  },
  get en() {
    return table('en');
  },
};

/**
 * `{n, plural, one {# change} other {# changes}}`: the case Intl.PluralRules picks for the locale and the
 * number (`other` when it has no case of its own), `#` replaced by the number. Cases hold no braces.
 */
const PLURAL = /\{(\w+), plural,((?:\s*[a-z]+\s*\{[^{}]*\})+)\s*\}/g;
const pluralRules = new Map<Locale, Intl.PluralRules>();

function plural(locale: Locale, value: string | number | undefined, cases: string): string | null {
  if (typeof value !== 'number') return null;
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale === 'th' ? 'th-TH' : 'en-GB');
    pluralRules.set(locale, rules);
  }
  const byCase = new Map([...cases.matchAll(/([a-z]+)\s*\{([^{}]*)\}/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
  const text = byCase.get(rules.select(value)) ?? byCase.get('other');
  return text === undefined ? null : text.replace(/#/g, String(value));
}

export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = table(locale)[key] as string | undefined;
  if (template === undefined) throw new Error(`the message ${key} is not loaded (await loadPageMessages() first)`);
  if (!params) return template;
  return template.replace(PLURAL, (whole, name: string, cases: string) => plural(locale, params[name], cases) ?? whole).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(loaded.th, key);
}
