import { describe, expect, it } from 'vitest';
import { ADMIN_FORM_CODES } from '../../../shared/admin';
import { SyncFailure } from '../../sync/http';
import { catalog, isMessageKey, translate } from '../../i18n/catalog';
import { ADMIN_SERVER_CODES, describeAdminFailure, takenUsername } from './serverErrors';

const refusal = (message: string) => new SyncFailure('invalid_argument', message, 400);

describe('describeAdminFailure', () => {
  it('reads the field and the reason from the server\'s "body field <name>: <reason>"', () => {
    expect(describeAdminFailure(refusal('body field username: somsri is taken'))).toEqual({ field: 'username', code: 'admin.username.taken' });
    expect(describeAdminFailure(refusal('body field username: 2–64 of a-z 0-9 . _ -'))).toEqual({ field: 'username', code: 'admin.username.format' });
    expect(describeAdminFailure(refusal('body field password: rejected (too_short)'))).toEqual({ field: 'password', code: 'admin.password.tooShort' });
    expect(describeAdminFailure(refusal('body field password: Too small: expected string to have >=8 characters'))).toEqual({ field: 'password', code: 'admin.password.tooShort' });
    expect(describeAdminFailure(refusal('body field password: Too big: expected string to have <=128 characters'))).toEqual({ field: 'password', code: 'admin.password.tooLong' });
    expect(describeAdminFailure(refusal('body field password: rejected (too_common)'))).toEqual({ field: 'password', code: 'admin.password.tooCommon' });
    expect(describeAdminFailure(refusal('body field password: rejected (same_as_username)'))).toEqual({ field: 'password', code: 'admin.password.sameAsUsername' });
    expect(describeAdminFailure(refusal('body field communities: unknown c-99'))).toEqual({ field: 'communities', code: 'admin.communities.unknown' });
    expect(describeAdminFailure(refusal('body field communities.1: not a community id'))).toEqual({ field: 'communities', code: 'admin.communities.invalid' });
    expect(describeAdminFailure(refusal('body field role: the last active administrator cannot be demoted or disabled'))).toEqual({ field: 'role', code: 'admin.lastAdmin' });
    expect(describeAdminFailure(refusal('body field displayName: Too big'))).toEqual({ field: 'displayName', code: 'admin.fieldInvalid' });
  });

  it('puts refusals of no known field, and request-level failures, above the form', () => {
    expect(describeAdminFailure(refusal('body field (body): nothing to update'))).toEqual({ field: null, code: 'admin.server' });
    expect(describeAdminFailure(refusal('path field id: not a lower-case UUID'))).toEqual({ field: null, code: 'admin.server' });
    expect(describeAdminFailure(new SyncFailure('network', 'no answer'))).toEqual({ field: null, code: 'admin.offline' });
    expect(describeAdminFailure(new SyncFailure('signed_out', 'x'))).toEqual({ field: null, code: 'admin.signedOut' });
    expect(describeAdminFailure(new SyncFailure('device_revoked', 'x'))).toEqual({ field: null, code: 'admin.deviceRevoked' });
    expect(describeAdminFailure(new SyncFailure('forbidden', 'x'))).toEqual({ field: null, code: 'admin.forbidden' });
    expect(describeAdminFailure(new SyncFailure('rate_limited', 'x'))).toEqual({ field: null, code: 'admin.rateLimited' });
    expect(describeAdminFailure(new SyncFailure('export_limited', 'x'))).toEqual({ field: null, code: 'admin.exportLimited' });
    expect(describeAdminFailure(new SyncFailure('internal', 'x'))).toEqual({ field: null, code: 'admin.server' });
    expect(describeAdminFailure(new Error('boom'))).toEqual({ field: null, code: 'admin.server' });
  });

  it('reads the taken username for the message', () => {
    expect(takenUsername(refusal('body field username: somsri.k is taken'))).toBe('somsri.k');
    expect(takenUsername(refusal('body field password: rejected (too_short)'))).toBe('');
  });

  it('every code the forms and the server mapping produce has Thai and English text', () => {
    for (const code of [...ADMIN_SERVER_CODES, ...ADMIN_FORM_CODES]) {
      const key = `v.${code}`;
      expect(isMessageKey(key), key).toBe(true);
      if (!isMessageKey(key)) continue;
      expect(catalog.th[key]).toMatch(/[\u0E00-\u0E7F]/);
      expect(catalog.en[key]).not.toBe('');
    }
    // Placeholders are filled by the forms: none is left showing.
    expect(translate('th', 'v.admin.password.tooShort', { min: 8, max: 128 })).toBe('สั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร');
  });
});
