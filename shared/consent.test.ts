import { describe, expect, it } from 'vitest';
import { checkConsentPatch, consentDataSchema, consentFormSchema, consentFromForm, consentStatus, type ConsentData } from './consent';
import { validateMutation } from './sync/records';

const RID = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';
const base: ConsentData = {
  residentId: RID,
  givenBy: 'self',
  representativeName: '',
  relationship: '',
  purposes: ['care', 'photos'],
  noticeVersion: '2025-1',
  givenOn: '2025-05-01',
  recordedBy: 'u-1',
  withdrawnOn: null,
  withdrawnBy: null,
  withdrawalNote: '',
};

describe('consent records', () => {
  it('accepts a consent and refuses a representative without a name, no purpose, a repeated one, or half a withdrawal', () => {
    expect(consentDataSchema.safeParse(base).success).toBe(true);
    const field = (d: unknown) => consentDataSchema.safeParse(d).error?.issues[0]?.path.join('.');
    expect(field({ ...base, givenBy: 'representative' })).toBe('representativeName');
    expect(field({ ...base, purposes: [] })).toBe('purposes');
    expect(field({ ...base, purposes: ['care', 'care'] })).toBe('purposes');
    expect(field({ ...base, withdrawnOn: '2025-06-01' })).toBe('withdrawnBy');
    expect(field({ ...base, withdrawnOn: '2025-04-01', withdrawnBy: 'u-1' })).toBe('withdrawnOn');
  });

  it('takes one change, its withdrawal, once and not before it was given', () => {
    expect(checkConsentPatch(base, { withdrawnOn: '2025-06-01', withdrawnBy: 'u-2' })).toBeNull();
    expect(checkConsentPatch(base, { withdrawnOn: '2025-04-01', withdrawnBy: 'u-2' })).toBe('withdrawnOn');
    expect(checkConsentPatch({ ...base, withdrawnOn: '2025-06-01', withdrawnBy: 'u-2' }, { withdrawnOn: '2025-06-02', withdrawnBy: 'u-2' })).toBe('withdrawnOn');
    const mutation = (op: 'create' | 'patch', fields: Record<string, unknown>) => ({ mid: 1, type: 'consent', id: RID, op, fields, hlc: '2025-06-01T03:00:00.000Z-0000-a1a1a1a1a1a1a1a1', baseSeq: 0 });
    expect(validateMutation(mutation('patch', { withdrawnOn: '2025-06-01', withdrawnBy: 'u-1', purposes: ['care'] }), { userId: 'u-1', role: 'caregiver' })).toMatchObject({ ok: false, field: 'purposes' });
    expect(validateMutation(mutation('create', { ...base }), { userId: 'u-9', role: 'caregiver' })).toMatchObject({ ok: false, field: 'recordedBy' });
    expect(validateMutation(mutation('patch', { withdrawnOn: '2025-06-01', withdrawnBy: 'u-9' }), { userId: 'u-1', role: 'caregiver' })).toMatchObject({ ok: false, field: 'withdrawnBy' });
    expect(validateMutation(mutation('patch', { withdrawnOn: '2025-06-01', withdrawnBy: 'u-1' }), { userId: 'u-1', role: 'caregiver' })).toEqual({ ok: true });
  });

  it('gives each purpose the state of the newest consent naming it', () => {
    const a = { ...base, id: 'a' };
    const b = { ...base, id: 'b', purposes: ['photos' as const], givenOn: '2025-05-10', withdrawnOn: '2025-05-20', withdrawnBy: 'u-1' };
    expect(consentStatus([b, a])).toEqual({
      care: { state: 'given', on: '2025-05-01', consentId: 'a' },
      share_health_service: { state: 'none' },
      photos: { state: 'withdrawn', on: '2025-05-20', consentId: 'b' },
    });
    expect(consentStatus([])).toEqual({ care: { state: 'none' }, share_health_service: { state: 'none' }, photos: { state: 'none' } });
  });

  it('the form names the field and the fix, and makes a record under the current notice', () => {
    const schema = consentFormSchema({ today: '2025-06-01' });
    const values = { givenBy: 'representative', representativeName: ' สมหญิง ', relationship: '', purposes: { care: false, share_health_service: false, photos: false }, givenOn: '2025-06-02' };
    const issues = schema.safeParse(values).error?.issues.map((i) => `${i.path.join('.')}:${i.message}`);
    expect(issues).toEqual(['givenOn:date.future', 'relationship:required', 'purposes:consent.purposes.required']);
    const ok = schema.safeParse({ ...values, relationship: 'บุตรสาว', givenOn: '2025-06-01', purposes: { care: true, share_health_service: true, photos: false } });
    expect(ok.success).toBe(true);
    if (!ok.success) return;
    const rec = consentFromForm(ok.data, RID, 'u-1');
    expect(rec).toMatchObject({ representativeName: 'สมหญิง', relationship: 'บุตรสาว', purposes: ['care', 'share_health_service'], recordedBy: 'u-1', withdrawnOn: null });
    expect(consentDataSchema.safeParse(rec).success).toBe(true);
  });
});
