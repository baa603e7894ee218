import { describe, expect, it } from 'vitest';
import { DEVICE_BACKUP_FORMAT, DEVICE_BACKUP_VERSION, DeviceBackupError, changeKey, deviceBackupSchema, entriesToRestore, latestStamp, mergeRecord, previewBackup, type BackupEntry, type DeviceBackup } from './device';

const H = (n: number, node = 'aaaaaaaaaaaaaaaa') => `2026-01-01T00:00:0${n}.000Z-0000-${node}`;

function entry(mid: number, overrides: Partial<BackupEntry> = {}): BackupEntry {
  return { mid, table: 'residents', recordId: 'r1', op: 'patch', fields: { firstName: 'x' }, hlc: H(mid), baseSeq: 0, schemaVersion: 1, userId: 'u1', deviceId: 'd1', createdAt: '2026-01-01T00:00:00.000Z', ...overrides };
}

function backup(entries: BackupEntry[]): DeviceBackup {
  return { format: DEVICE_BACKUP_FORMAT, version: DEVICE_BACKUP_VERSION, createdAt: '2026-01-01T00:00:00.000Z', userId: 'u1', userName: 'U', deviceId: 'd1', entries, records: [] };
}

describe('device backup rules', () => {
  it('restores each change once, in its original order, whatever is already present', () => {
    const b = backup([entry(3), entry(1), entry(2)]);
    expect(entriesToRestore(b, new Set(), 'u1').map((e) => e.mid)).toEqual([1, 2, 3]);
    expect(entriesToRestore(b, new Set([changeKey(entry(2))]), 'u1').map((e) => e.mid)).toEqual([1, 3]);
    // The same change twice in one file (a hand-made file) still goes in once.
    expect(entriesToRestore(backup([entry(1), { ...entry(1), mid: 9 }]), new Set(), 'u1')).toHaveLength(1);
  });

  it("refuses another user's backup, also when only one entry is another user's", () => {
    expect(() => entriesToRestore(backup([entry(1)]), new Set(), 'u2')).toThrow(DeviceBackupError);
    expect(() => entriesToRestore(backup([entry(1), entry(2, { userId: 'u2' })]), new Set(), 'u1')).toThrow(/backup_other_user/);
    expect(previewBackup(backup([entry(1)]), new Set([changeKey(entry(1))]), 'u1')).toMatchObject({ changes: 1, alreadyPresent: 1, sameUser: true });
  });

  it('merges a record field by field, keeping what is newer on the device', () => {
    const local = { id: 'r1', firstName: 'new', lastName: 'same', hlc: { firstName: H(5), lastName: H(1) }, deletedAt: null, seq: 7 };
    const copy = { id: 'r1', firstName: 'old', lastName: 'changed', hlc: { firstName: H(2), lastName: H(3) }, deletedAt: null, seq: 0 };
    expect(mergeRecord(local, copy)).toEqual({ ...local, lastName: 'changed', hlc: { firstName: H(5), lastName: H(3) } });
    expect(mergeRecord(local, { ...copy, lastName: 'same', hlc: { firstName: H(1), lastName: H(1) } })).toBeNull();
    expect(mergeRecord(undefined, copy)).toEqual(copy);
    // A compact map ('*' for every field) is expanded before comparing; a newer tombstone wins.
    const gone = { id: 'r1', firstName: 'old', lastName: 'same', hlc: { '*': H(1), $deleted: H(6) }, deletedAt: H(6) };
    expect(mergeRecord(local, gone)).toMatchObject({ deletedAt: H(6), firstName: 'new' });
  });

  it('validates the content strictly and finds the latest stamp', () => {
    expect(deviceBackupSchema.safeParse(backup([entry(1)])).success).toBe(true);
    expect(deviceBackupSchema.safeParse({ ...backup([entry(1)]), extra: 1 }).success).toBe(false);
    expect(deviceBackupSchema.safeParse(backup([{ ...entry(1), hlc: 'yesterday' }])).success).toBe(false);
    expect(deviceBackupSchema.safeParse(backup([{ ...entry(1), table: 'outbox' as 'residents' }])).success).toBe(false);
    expect(latestStamp([entry(1), entry(3), entry(2)])).toBe(H(3));
    expect(latestStamp([])).toBeNull();
  });
});
