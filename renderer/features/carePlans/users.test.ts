import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n/catalog';
import { planUserIds, shortId, userLabel } from './users';

const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('en', key, params);
const me = { userId: 'u-me', displayName: '' };

describe('userLabel', () => {
  it('uses a known name, marks the current user, and shortens unknown ids', () => {
    const names = new Map([['u-cm', 'Somsri']]);
    expect(userLabel('u-cm', names, me, t)).toBe('Somsri');
    expect(userLabel('u-me', names, me, t)).toBe('you');
    expect(userLabel('u-me', names, { userId: 'u-me', displayName: 'Malee' }, t)).toBe('Malee (you)');
    expect(userLabel('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', names, me, t)).toBe('user 0190a1b2…');
  });
  it('keeps short ids whole', () => {
    expect(shortId('local-user')).toBe('local-user');
  });
});

describe('planUserIds', () => {
  it('collects every named user once, in order', () => {
    expect(
      planUserIds([
        { primaryCaregiverId: 'a', backupCaregiverId: null, activities: [] },
        { primaryCaregiverId: 'b', backupCaregiverId: 'a', activities: [{ code: 'bathing', timesPerWeek: 1, minutes: null, performer: 'caregiver', assigneeId: 'c', note: '' }] },
      ]),
    ).toEqual(['a', 'b', 'c']);
  });
});
