import { describe, expect, it } from 'vitest';
import { emptyResidentForm } from '../../../../shared/resident';
import { catalog, translate } from '../../../i18n/catalog';
import { fieldLabel } from './fieldLabels';

const tIn = (locale: 'th' | 'en') => (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(locale, key, params);

/** Every field path the form can report, with one row in each list. */
function allPaths(): string[] {
  const v = emptyResidentForm();
  const paths: string[] = [];
  for (const [k, value] of Object.entries(v)) {
    paths.push(k);
    if (k === 'address' || k === 'gps') for (const sub of Object.keys(value as object)) paths.push(`${k}.${sub}`);
  }
  const rows: Record<string, string[]> = {
    phones: ['number', 'label'],
    contacts: ['name', 'relationship', 'phone', 'isCaregiver'],
    allergies: ['substance', 'reaction'],
    medications: ['name', 'dose', 'frequency'],
  };
  for (const [list, fields] of Object.entries(rows)) for (const f of fields) paths.push(`${list}.0.${f}`, `${list}.1.${f}`);
  return paths;
}

describe('fieldLabel', () => {
  it('labels every field path, in both languages', () => {
    for (const locale of ['th', 'en'] as const) {
      for (const path of allPaths()) expect(fieldLabel(path, tIn(locale)), `${locale} ${path}`).not.toBe(path);
    }
  });
  it('gives every input its own label (e2e tests find fields by label text)', () => {
    for (const locale of ['th', 'en'] as const) {
      const inputs = allPaths().filter((p) => !['address', 'gps', 'phones', 'contacts', 'allergies', 'medications', 'diseases', 'sex', 'allergyStatus'].includes(p));
      const labels = inputs.map((p) => fieldLabel(p, tIn(locale)));
      labels.push(catalog[locale]['rf.addressSearch']);
      const dupes = labels.filter((l, i) => labels.indexOf(l) !== i);
      expect(dupes, locale).toEqual([]);
    }
  });
  it('numbers rows from 1', () => {
    expect(fieldLabel('phones.1.number', tIn('en'))).toBe('Phone number 2');
    expect(fieldLabel('medications.0.name', tIn('th'))).toBe('ชื่อยา 1');
    expect(fieldLabel('address.postalCode', tIn('th'))).toBe('รหัสไปรษณีย์');
  });
});
