import { describe, expect, it } from 'vitest';
import { describedBy, fieldDomId, flattenErrors, labelledError, showErrors } from './errors';

describe('flattenErrors', () => {
  it('lists nested, array and field-array root errors with dotted paths, skipping refs', () => {
    const errors = {
      firstName: { type: 'custom', message: 'required', ref: { name: 'firstName' } },
      address: { postalCode: { type: 'custom', message: 'address.postalCode', ref: {} } },
      phones: [undefined, { number: { type: 'custom', message: 'phone.length' } }],
      allergies: { root: { type: 'custom', message: 'allergies.required' } },
    };
    expect(flattenErrors(errors)).toEqual([
      { path: 'firstName', message: 'required' },
      { path: 'address.postalCode', message: 'address.postalCode' },
      { path: 'phones.1.number', message: 'phone.length' },
      { path: 'allergies', message: 'allergies.required' },
    ]);
  });
  it('returns nothing for no errors or junk', () => {
    expect(flattenErrors({})).toEqual([]);
    expect(flattenErrors(undefined)).toEqual([]);
    expect(flattenErrors('x')).toEqual([]);
  });
  it('reports an error set directly on an array path', () => {
    expect(flattenErrors({ allergies: { type: 'custom', message: 'allergies.required' } })).toEqual([{ path: 'allergies', message: 'allergies.required' }]);
  });
});

describe('ids and labels', () => {
  it('turns a dotted path into a DOM id', () => {
    expect(fieldDomId('rf', 'phones.0.number')).toBe('rf-phones-0-number');
  });
  it('describes by hint then error, or nothing', () => {
    expect(describedBy('x', { hint: true, error: true })).toBe('x-hint x-error');
    expect(describedBy('x', { error: true })).toBe('x-error');
    expect(describedBy('x', {})).toBeUndefined();
  });
  it('puts the label in front of the message', () => {
    expect(labelledError('Postal code', 'Must be 5 digits')).toBe('Postal code: Must be 5 digits');
  });
});

describe('showErrors', () => {
  const order = ['name', 'phones', 'address'];
  it('sorts by screen order, texts each path once and points the summary and the focus at the first field', () => {
    const shown = showErrors(
      [
        { path: 'address', code: 'a' },
        { path: 'phones.1', code: 'p1' },
        { path: 'name', code: 'n' },
        { path: 'phones.0', code: 'p0' },
        { path: 'name', code: 'second error of name' },
      ],
      { order, text: (e) => `${e.path}: ${e.code}`, domId: (p) => `f-${p}` },
    );
    expect(shown.summary).toEqual([
      { id: 'f-name', text: 'name: n' },
      { id: 'f-phones.0', text: 'phones.0: p0' },
      { id: 'f-phones.1', text: 'phones.1: p1' },
      { id: 'f-address', text: 'address: a' },
    ]);
    expect(shown.byPath.get('name')).toBe('name: n');
    expect(shown.firstId).toBe('f-name');
  });
  it('has nothing to focus without errors', () => {
    const shown = showErrors([], { order, text: () => 'x', domId: (p) => p });
    expect(shown.summary).toEqual([]);
    expect(shown.firstId).toBeUndefined();
  });
});
