import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatDate, formatInstant, type Era, type PartialDate } from '../../shared/dates/thaiDate';
import { isLocaleLoaded, isMessageKey, loadLocale, translate, type Locale, type MessageKey } from './catalog';

export interface I18n {
  locale: Locale;
  /** The calendar era years are typed and shown in: Buddhist Era in Thai, Gregorian in English. */
  era: Era;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** Translates a code from a shared schema ('thaiId.checksum' → 'v.thaiId.checksum'); an unknown code reads as the generic error, never raw. */
  tCode(code: string, params?: Record<string, unknown>): string;
  date(value: string | PartialDate, style?: 'long' | 'short'): string;
  instant(iso: string): string;
}

const STORAGE_KEY = 'carerounds.locale';
const I18nContext = createContext<I18n | null>(null);

/** The locale chosen last time on this device (Thai when none); main.tsx loads it before the first render. */
export function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'th' || stored === 'en') return stored;
  } catch {
    // storage unavailable: Thai is the default
  }
  return 'th';
}

export interface I18nProviderProps {
  children: ReactNode;
  locale?: Locale;
}

export function I18nProvider({ children, locale: fixed }: I18nProviderProps) {
  const [locale, setLocaleState] = useState<Locale>(fixed ?? initialLocale);
  // A locale whose messages are not loaded yet (a caller that did not load it first) renders nothing until
  // they are: never raw keys, never a flash of the other language.
  const [, setLoadedTick] = useState(0);
  const ready = isLocaleLoaded(locale);

  useEffect(() => {
    document.documentElement.lang = locale;
    if (!isLocaleLoaded(locale)) {
      loadLocale(locale).then(
        () => setLoadedTick((n) => n + 1),
        (err: unknown) => console.error(`the ${locale} messages could not be loaded`, err),
      );
    }
  }, [locale]);

  // The switch happens once the chosen language's messages are in memory (its chunk is fetched on first use):
  // until then the page stays in the current language. If the chunk cannot be fetched (offline before it was
  // ever loaded), nothing changes and the next click tries again.
  const setLocale = useCallback((next: Locale) => {
    loadLocale(next).then(
      () => {
        setLocaleState(next);
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // a preference only; the switch still applies to this session
        }
      },
      (err: unknown) => console.error(`the ${next} messages could not be loaded`, err),
    );
  }, []);

  const value = useMemo<I18n>(() => {
    const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
    return {
      locale,
      era: locale === 'th' ? 'BE' : 'CE',
      setLocale,
      t,
      tCode(code, params) {
        const key = `v.${code}`;
        const clean: Record<string, string | number> = {};
        for (const [k, v] of Object.entries(params ?? {})) {
          if (typeof v === 'string' || typeof v === 'number') clean[k] = v;
        }
        if (isMessageKey(key)) return t(key, clean);
        return t('error.unknown');
      },
      date: (value, style = 'long') => formatDate(value, locale, style),
      instant: (iso) => formatInstant(iso, locale),
    };
  }, [locale, setLocale]);

  return ready ? <I18nContext.Provider value={value}>{children}</I18nContext.Provider> : null;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
