import { describe, expect, it } from 'vitest';
import { directoryFor, DirectoryResponse, type DirectorySource } from './directory';

const u = (id: string, role: DirectorySource['role'], communities: string[], status: DirectorySource['status'] = 'active'): DirectorySource => ({
  id: `0190a8c1-7c1e-7000-8000-00000000000${id}`,
  displayName: `user ${id}`,
  role,
  status,
  communities,
});
const cg1 = u('1', 'caregiver', ['c-01', 'c-02']);
const manager = u('3', 'care_manager', []);
const admin = u('4', 'admin', []);
const users = [u('5', 'caregiver', ['c-02', 'c-03']), cg1, u('2', 'caregiver', ['c-03']), manager, admin, u('6', 'caregiver', ['c-01'], 'disabled')];
const ids = (list: { id: string }[]) => list.map((x) => x.id.slice(-1));

describe('directoryFor', () => {
  it('gives a care manager and an admin every user, disabled ones marked inactive, sorted by id', () => {
    for (const viewer of [manager, admin]) {
      const got = directoryFor(viewer, users);
      expect(ids(got)).toEqual(['1', '2', '3', '4', '5', '6']);
      expect(got.find((x) => x.id.endsWith('6'))?.active).toBe(false);
      expect(got.find((x) => x.id.endsWith('5'))?.communities).toEqual(['c-02', 'c-03']);
      expect(DirectoryResponse.safeParse({ users: got }).success).toBe(true);
    }
  });

  it('gives a caregiver herself, care managers, admins and the caregivers of her communities, cut to hers', () => {
    const got = directoryFor(cg1, users); // c-01, c-02
    expect(ids(got)).toEqual(['1', '3', '4', '5', '6']); // not 2 (only c-03)
    expect(got.find((x) => x.id.endsWith('5'))?.communities).toEqual(['c-02']); // c-03 is not hers to know
    expect(got.find((x) => x.id.endsWith('1'))?.communities).toEqual(['c-01', 'c-02']);
    expect(got.every((x) => Object.keys(x).sort().join() === 'active,communities,displayName,id,role')).toBe(true);
  });

  it('gives a caregiver without communities only herself and the people who read every community', () => {
    const lone = u('7', 'caregiver', []);
    expect(ids(directoryFor(lone, [...users, lone]))).toEqual(['3', '4', '7']);
  });
});
