/**
 * The message catalog: Thai (the default) is part of the first chunk; English is its own chunk, fetched by
 * `loadLocale('en')` when it is chosen, so a Thai device never downloads it before the register paints.
 *
 * Invariants:
 * - `translate(locale, …)` is only called for a loaded locale: the I18nProvider switches to a locale after
 *   `loadLocale` resolved (no flash of raw keys), and main.tsx loads the stored locale before the first
 *   render. Translating in a locale that is not loaded throws, rather than showing keys or the wrong language.
 * - Keys are unique across modules and English has exactly Thai's keys (catalog.test.ts; the types of
 *   define.ts for each module).
 */
import { common } from './messages/common';
import { validation } from './messages/validation';
import { register } from './messages/register';
import { residentForm } from './messages/residentForm';
import { profile } from './messages/profile';
import { adl } from './messages/adl';
import { settings } from './messages/settings';
import { sync } from './messages/sync';
import { admin } from './messages/admin';
import { visits } from './messages/visits';
import { carePlans } from './messages/carePlans';
import { alerts } from './messages/alerts';
import { timeline } from './messages/timeline';
import { errors } from './messages/errors';

/** Every (Thai) message module; keys must be unique across modules (checked by catalog.test.ts). */
export const modules = [common, validation, register, residentForm, profile, adl, settings, sync, admin, visits, carePlans, alerts, timeline, errors] as const;

type ModuleKeys<M> = M extends unknown ? keyof M & string : never;
export type MessageKey = ModuleKeys<(typeof modules)[number]>;
export type Locale = 'th' | 'en';
type Catalog = Record<MessageKey, string>;

function merge(tables: readonly Record<string, string>[]): Catalog {
  const out: Record<string, string> = {};
  for (const m of tables) Object.assign(out, m);
  return out as Catalog;
}

const loaded: { th: Catalog; en?: Catalog } = { th: merge(modules) };
let loadingEn: Promise<void> | null = null;

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
      loaded.en = merge(m.englishModules);
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

export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = table(locale)[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(loaded.th, key);
}
