import { describe, expect, it } from 'vitest';
import { noticeStands } from './replaced';

const value = (field: string, sent: unknown) => ({ conflictKind: 'value' as const, field, sent });

describe('noticeStands', () => {
  it('holds while the field differs from what she sent, compared as JSON', () => {
    const sent = [{ number: '0812345678', label: '' }];
    expect(noticeStands(value('nickname', 'บัว'), { data: { nickname: 'บัวขาว' }, deleted: false })).toBe(true);
    expect(noticeStands(value('phones', sent), { data: { phones: [{ number: '0812345678', label: '' }] }, deleted: false })).toBe(false);
    expect(noticeStands(value('phones', sent), { data: { phones: [{ number: '0899999999', label: '' }] }, deleted: false })).toBe(true);
  });
  it('lapses once her value stands again (chosen by a care manager, or written again)', () => {
    expect(noticeStands(value('nickname', 'บัว'), { data: { nickname: 'บัว' }, deleted: false })).toBe(false);
  });
  it('treats a missing field as null', () => {
    expect(noticeStands(value('notes', null), { data: {}, deleted: false })).toBe(false);
    expect(noticeStands(value('notes', 'ก'), { data: {}, deleted: false })).toBe(true);
  });
  it('holds when the record is not on this device', () => {
    expect(noticeStands(value('nickname', 'บัว'), undefined)).toBe(true);
  });
  it('an edit lost to a delete holds while the record stays deleted', () => {
    const n = { conflictKind: 'deleted_edit' as const, field: '$deleted', sent: { nickname: 'บัว' } };
    expect(noticeStands(n, { data: { nickname: 'x' }, deleted: true })).toBe(true);
    expect(noticeStands(n, { data: { nickname: 'x' }, deleted: false })).toBe(false);
  });
  it('a lost delete or restore holds while the record is not in the state she chose', () => {
    const lostDelete = value('$deleted', true);
    expect(noticeStands(lostDelete, { data: {}, deleted: false })).toBe(true);
    expect(noticeStands(lostDelete, { data: {}, deleted: true })).toBe(false);
  });
});
