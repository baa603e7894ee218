import { describe, expect, it } from 'vitest';
import { VISIT_FORM_CODES } from '../../../shared/visitForm';
import { VITAL_MESSAGE_CODES, parseVital, VITAL_KEYS } from '../../../shared/vitals';
import { catalog, translate, type MessageKey } from '../../i18n/catalog';
import { VISIT_FIELD_ORDER, labelFor } from './formModel';

const WARNING_CODES = ['visit.duration.long', 'visit.careGiven.exceedsDuration'];

describe('visit messages', () => {
  it('every shared vital and visit-form code (and warning) has a Thai and an English message', () => {
    const codes = [...VITAL_MESSAGE_CODES, ...VISIT_FORM_CODES, ...WARNING_CODES, 'visit.reasonRequired'];
    expect(codes.length).toBeGreaterThan(60);
    for (const code of codes) {
      const key = `v.${code}`;
      expect(Object.prototype.hasOwnProperty.call(catalog.th, key), `th ${key}`).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(catalog.en, key), `en ${key}`).toBe(true);
    }
  });

  it('typos in vital signs name the likely fix, in both languages', () => {
    const sys = parseVital('systolic', '1200');
    const temp = parseVital('temperature', '3.7');
    if (sys.ok || temp.ok) throw new Error('expected refusals');
    const sysTh = translate('th', `v.${sys.issue.code}` as MessageKey, sys.issue.params as Record<string, number>);
    const tempEn = translate('en', `v.${temp.issue.code}` as MessageKey, temp.issue.params as Record<string, number>);
    expect(sysTh).toContain('ให้พิมพ์ 120');
    expect(sysTh).not.toMatch(/\{\w+\}/);
    expect(tempEn).toContain('type 37');
    expect(tempEn).not.toMatch(/\{\w+\}/);
  });

  it('every refusal of parseVital fills all its placeholders (no "{min}" left on screen)', () => {
    const samples = ['abc', '1', '9999', '3.75', '1200', '370', '98.6', '5.6', '0.5'];
    for (const key of VITAL_KEYS) {
      for (const raw of samples) {
        const r = parseVital(key, raw);
        if (r.ok) continue;
        for (const locale of ['th', 'en'] as const) {
          const text = translate(locale, `v.${r.issue.code}` as MessageKey, r.issue.params as Record<string, number>);
          expect(text, `${locale} ${key} ${raw}`).not.toMatch(/\{\w+\}/);
        }
      }
    }
  });

  it('every form field and vital has a label', () => {
    for (const path of [...VISIT_FIELD_ORDER.filter((p) => !(VITAL_KEYS as readonly string[]).includes(p)), ...VITAL_KEYS.map((k) => `vitals.${k}`)]) {
      const l = labelFor(path, () => undefined);
      expect('key' in l && l.key !== 'visits.field.form', path).toBe(true);
    }
  });
});
