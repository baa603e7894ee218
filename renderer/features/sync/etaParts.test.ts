import { describe, expect, it } from 'vitest';
import { etaParts } from './SyncStatus';

describe('etaParts', () => {
  it('shows seconds under two minutes, minutes (rounded up) under two hours, then hours', () => {
    expect(etaParts(0)).toEqual({ key: 'sync.age.seconds', n: 1 });
    expect(etaParts(45_200)).toEqual({ key: 'sync.age.seconds', n: 46 });
    expect(etaParts(119_000)).toEqual({ key: 'sync.age.seconds', n: 119 });
    expect(etaParts(121_000)).toEqual({ key: 'sync.age.minutes', n: 3 });
    expect(etaParts(2 * 3600_000 + 1)).toEqual({ key: 'sync.age.hours', n: 3 });
  });
});
