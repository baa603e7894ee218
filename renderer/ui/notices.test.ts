import { describe, expect, it } from 'vitest';
import { noticeChannel } from './notices';

describe('notice channels', () => {
  it('carries a notice to one record until it is cleared', () => {
    const visits = noticeChannel<'saved' | 'amended'>('test-visit', ['saved', 'amended']);
    visits.carry('v1', 'saved');
    expect(visits.peek('v1')).toBe('saved');
    expect(visits.peek('v2')).toBeNull();
    visits.carry('v1', 'amended');
    expect(visits.peek('v1')).toBe('amended');
    visits.clear('v1');
    expect(visits.peek('v1')).toBeNull();
  });
  it('keeps channels apart: the same id in another channel sees nothing', () => {
    const a = noticeChannel<'saved'>('test-a', ['saved']);
    const b = noticeChannel<'submit'>('test-b', ['submit']);
    a.carry('x', 'saved');
    expect(b.peek('x')).toBeNull();
    expect(a.peek('x')).toBe('saved');
    a.clear('x');
  });
});
