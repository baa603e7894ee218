import { describe, expect, it } from 'vitest';
import { emptyResidentForm } from '../../../../shared/resident';
import { clearDraft, draftKey, readDraft, reviveFormValues, writeDraft, type DraftStorage } from './draft';

function memoryStorage(): DraftStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('form draft', () => {
  const key = draftKey('#/residents/new');

  it('round-trips every value', () => {
    const s = memoryStorage();
    const values = {
      ...emptyResidentForm(),
      firstName: 'สมศรี',
      birthYear: '2490',
      phones: [{ number: '0812345678', label: 'มือถือ' }],
      contacts: [{ name: 'สมชาย', relationship: 'child', phone: '', isCaregiver: true }],
      diseases: ['I10', 'E11'],
      interpreterNeeded: true,
    };
    writeDraft(s, key, values, 'BE');
    expect(readDraft(s, key, 'BE')).toEqual(values);
  });
  it('converts the birth year when restored in the other language', () => {
    const s = memoryStorage();
    writeDraft(s, key, { ...emptyResidentForm(), birthYear: '2490' }, 'BE');
    expect(readDraft(s, key, 'CE')?.birthYear).toBe('1947');
  });
  it('is per route and cleared explicitly', () => {
    const s = memoryStorage();
    writeDraft(s, key, emptyResidentForm(), 'BE');
    expect(readDraft(s, draftKey('#/residents/abc/edit'), 'BE')).toBeNull();
    clearDraft(s, key);
    expect(readDraft(s, key, 'BE')).toBeNull();
  });
  it('drops unreadable drafts and survives storage that throws', () => {
    const s = memoryStorage();
    s.data.set(key, '{not json');
    expect(readDraft(s, key, 'BE')).toBeNull();
    const broken: DraftStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => writeDraft(broken, key, emptyResidentForm(), 'BE')).not.toThrow();
    expect(readDraft(broken, key, 'BE')).toBeNull();
    expect(() => clearDraft(broken, key)).not.toThrow();
    expect(readDraft(null, key, 'BE')).toBeNull();
  });
  it('rebuilds a tampered or older draft field by field, never putting a non-string into a text input', () => {
    const revived = reviveFormValues({ firstName: 42, address: { houseNo: '7' }, phones: [{ number: 812345678 }, 'x'], idMode: 'weird', interpreterNeeded: 'yes' });
    expect(revived.firstName).toBe('');
    expect(revived.address.houseNo).toBe('7');
    expect(revived.address.postalCode).toBe('');
    expect(revived.phones).toEqual([{ number: '', label: '' }]);
    expect(revived.idMode).toBe('thai');
    expect(revived.interpreterNeeded).toBe(false);
  });
});
