import { describe, expect, it } from 'vitest';
import type { ConflictRecord } from '../db/syncRows';
import { knownNames } from './userNames';

const conflict = (winner: [string, string], loser: [string, string]) =>
  ({ winnerBy: { userId: winner[0] }, winnerName: winner[1], loserBy: { userId: loser[0] }, loserName: loser[1] }) as unknown as ConflictRecord;

describe('knownNames', () => {
  it('names from the directory first, conflicts for anyone not in it, the current user from her session', () => {
    const names = knownNames(
      [
        { id: 'u-a', displayName: 'สมหญิง' },
        { id: 'u-me', displayName: 'old name' },
        { id: 'u-blank', displayName: '' },
      ],
      [conflict(['u-a', 'stale'], ['u-b', 'บุญมา'])],
      { userId: 'u-me', displayName: 'มาลี' },
    );
    expect(Object.fromEntries(names)).toEqual({ 'u-a': 'สมหญิง', 'u-b': 'บุญมา', 'u-me': 'มาลี' });
  });

  it('knows no one but conflict names when the device has no directory (local mode, never synced)', () => {
    expect([...knownNames([], [], { userId: 'u-me', displayName: '' })]).toEqual([]);
  });
});
