import { zodResolver } from '@hookform/resolvers/zod';
import type { ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { emptyResidentForm, residentFormSchema, type ResidentFormValues, type ResidentProfile } from '../../../../shared/resident';
import { flattenErrors } from '../../../ui/form/errors';

const ctx = { era: 'CE' as const, today: '2025-06-01' };
const options = { fields: {}, shouldUseNativeValidation: false } as ResolverOptions<ResidentFormValues>;
const base = zodResolver<ResidentFormValues, unknown, ResidentProfile>(residentFormSchema(ctx));
const resolver = base;

function valid(): ResidentFormValues {
  return {
    ...emptyResidentForm(),
    prefix: 'นาง',
    firstName: 'สมศรี',
    lastName: 'ใจดี',
    sex: 'female',
    nationalId: '1-1303-00123-45-8',
    birthYear: '1947',
    communityId: 'c-01',
    address: { houseNo: '99/12', moo: '', village: '', soi: '', road: '', subDistrict: 'ประชาธิปัตย์', district: 'ธัญบุรี', province: 'ปทุมธานี', postalCode: '12130' },
  };
}

async function codes(values: ResidentFormValues, r = resolver) {
  const result = await r(values, undefined, options);
  return Object.fromEntries(flattenErrors(result.errors).map((e) => [e.path, e.message]));
}

describe('resident form validation through the react-hook-form resolver', () => {
  it('passes a valid form through untouched', async () => {
    const result = await resolver(valid(), undefined, options);
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({ prefix: 'นาง', nationalId: '1130300123458', birthDate: { value: '1947', precision: 'year' } });
  });
  it('shows the ID and birth-year errors together with field errors, in one round', async () => {
    const values = { ...valid(), firstName: '', nationalId: '1130300123459', birthYear: '2490' };
    expect(await codes(values)).toEqual({ firstName: 'required', nationalId: 'thaiId.checksum', birthYear: 'year.looksBuddhist' });
  });
  it('refuses a national ID that starts with 0, whose check digit matches', async () => {
    expect(await codes({ ...valid(), nationalId: '0-0000-00000-00-1' })).toEqual({ nationalId: 'thaiId.leadingZero' });
  });
  it('reports the allergy list and the other-title rules alongside an address error', async () => {
    const values = { ...valid(), prefix: 'other', prefixOther: '', allergyStatus: 'known', address: { ...valid().address, postalCode: '1213' } };
    expect(await codes(values)).toEqual({ 'address.postalCode': 'address.postalCode', prefixOther: 'required', allergies: 'allergies.required' });
  });
  it('a failing field keeps only its own error', async () => {
    const values = { ...valid(), idMode: 'none' as const, noIdReason: 'x'.repeat(201) };
    expect(await codes(values)).toEqual({ noIdReason: 'tooLong' });
  });
});
