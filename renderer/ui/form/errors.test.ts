import { describe, expect, it } from 'vitest';
import { describedBy, fieldDomId, flattenErrors, labelledError } from './errors';

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
