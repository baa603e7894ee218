import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatDate, formatInstant, type Era, type PartialDate } from '../../shared/dates/thaiDate';
import { isMessageKey, translate, type Locale, type MessageKey } from './catalog';

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

function initialLocale(): Locale {
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

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // a preference only; the switch still applies to this session
    }
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

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
