import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { StoreError, type StoreErrorCode } from '../db/errors';
import { SyncFailure, type FailureCode } from '../sync/client';
import { catalog, translate, type Locale } from './catalog';
import { describeError, errorText, STORE_ERROR_TEXT, SYNC_FAILURE_TEXT } from './errorText';

const tr = (locale: Locale) => (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(locale, key, params);
const THAI = /[\u0E00-\u0E7F]/;

describe('errorText', () => {
  it('has Thai and English text for every store error code and every sync failure code', () => {
    const keys = [...Object.values(STORE_ERROR_TEXT), ...Object.values(SYNC_FAILURE_TEXT)];
    expect(keys.length).toBe(Object.keys(STORE_ERROR_TEXT).length + Object.keys(SYNC_FAILURE_TEXT).length);
    for (const key of keys) {
      expect(THAI.test(catalog.th[key]), key).toBe(true);
      expect(catalog.en[key].trim(), key).not.toBe('');
      expect(catalog.en[key], key).not.toBe(catalog.th[key]);
    }
  });

  it('shows a store error by its code, in Thai and in English, with its details as parameters', () => {
    for (const code of Object.keys(STORE_ERROR_TEXT) as StoreErrorCode[]) {
      const err = new StoreError(code, 'raw english detail', { max: 3 });
      const th = errorText(err, tr('th'), { name: 'นางสมศรี' });
      expect(th, code).toBe(translate('th', STORE_ERROR_TEXT[code], { max: 3, name: 'นางสมศรี' }));
      expect(th, code).not.toContain('raw english');
      expect(th, code).not.toMatch(/\{\w+\}/);
      expect(errorText(err, tr('en'), { name: 'Somsri' }), code).toBe(translate('en', STORE_ERROR_TEXT[code], { max: 3, name: 'Somsri' }));
    }
    expect(errorText(new StoreError('record.notFound'), tr('en'))).toBe(catalog.en['v.record.notFound']);
  });

  it('shows every sync failure code as its own translated message, never the server text', () => {
    for (const code of Object.keys(SYNC_FAILURE_TEXT) as FailureCode[]) {
      const err = new SyncFailure(code, 'body field x: Internal Server Error', 500);
      const th = errorText(err, tr('th'));
      expect(th, code).toBe(catalog.th[SYNC_FAILURE_TEXT[code]]);
      expect(THAI.test(th), code).toBe(true);
      expect(th, code).not.toContain('Internal');
    }
    expect(describeError(new SyncFailure('network', 'fetch failed')).key).toBe('error.sync.network');
  });

  it('names database and validation failures without their raw text', () => {
    const quota = Object.assign(new Error('QuotaExceededError: the quota has been exceeded'), { name: 'QuotaExceededError' });
    expect(describeError(quota).key).toBe('error.db.quota');
    // Dexie wraps the IndexedDB error in `inner`.
    const wrapped = Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: quota });
    expect(describeError(wrapped).key).toBe('error.db.failed');
    const closed = Object.assign(new Error('Database has been closed'), { name: 'DatabaseClosedError' });
    expect(errorText(closed, tr('th'))).toBe(catalog.th['error.db.closed']);
    const zod = z.object({ a: z.string() }).safeParse({ a: 1 });
    expect(zod.success).toBe(false);
    expect(errorText(zod.error, tr('th'))).toBe(catalog.th['error.invalid']);
  });

  it('gives a translated generic message for anything unknown, never raw English', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const err of [new Error('Cannot read properties of undefined'), new TypeError('Failed to fetch'), 'plain string', 42, null, undefined, { code: 'weird' }, new StoreError('no.such.code' as StoreErrorCode)]) {
        const th = errorText(err, tr('th'));
        expect(th).toBe(catalog.th['error.unknown']);
        expect(THAI.test(th)).toBe(true);
        expect(errorText(err, tr('en'))).toBe(catalog.en['error.unknown']);
      }
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
