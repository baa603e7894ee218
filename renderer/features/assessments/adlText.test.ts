import { describe, expect, it } from 'vitest';
import { ADL_ITEMS } from '../../../shared/adl';
import { catalog } from '../../i18n/catalog';
import { compareFieldPaths } from '../../ui/form/errors';
import { ADL_FIELD_ORDER, ADL_TEXT, adlFieldId } from './adlText';

describe('ADL item texts', () => {
  it('has one level text per score 0..max for every item, in both languages, all different', () => {
    for (const { key, max } of ADL_ITEMS) {
      const levels = ADL_TEXT[key].levels;
      expect(levels, key).toHaveLength(max + 1);
      levels.forEach((k, score) => expect(k).toBe(`adl.${key}.${score}`));
      for (const locale of ['th', 'en'] as const) {
        const texts = levels.map((k) => catalog[locale][k]);
        expect(new Set(texts).size, `${locale} ${key}`).toBe(texts.length);
      }
    }
  });
  it('keeps the standard Thai wording of the feeding item', () => {
    expect(catalog.th['adl.feeding.0']).toBe('ไม่สามารถตักอาหารเข้าปากได้ ต้องมีคนป้อนให้');
    expect(catalog.th['adl.feeding.2']).toBe('ตักอาหารและช่วยตัวเองได้เป็นปกติ');
  });
  it('orders errors as the form shows them and points item errors at the first radio', () => {
    const paths = ['notes', 'answers.bladder', 'answers.feeding', 'assessedOn'];
    expect([...paths].sort((a, b) => compareFieldPaths(a, b, ADL_FIELD_ORDER))).toEqual(['assessedOn', 'answers.feeding', 'answers.bladder', 'notes']);
    expect(adlFieldId('answers.transfer')).toBe('adl-transfer-0');
    expect(adlFieldId('reason')).toBe('adl-reason');
  });
});
