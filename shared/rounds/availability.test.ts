import { describe, expect, it } from 'vitest';
import { availabilityDataSchema } from './recordsSchema';
import { defaultAvailability, minuteText, parseHhmm } from './availability';

const ID = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';

describe('defaultAvailability', () => {
  it('is Monday to Friday, 08:30–16:30, 30 visits a week, no skills, no base', () => {
    expect(defaultAvailability(ID)).toEqual({ userId: ID, skills: [], workingDays: [1, 2, 3, 4, 5], startMinute: 510, endMinute: 990, weeklyVisitCap: 30, base: null });
  });
  it('is a valid availability record', () => {
    expect(availabilityDataSchema.safeParse(defaultAvailability(ID)).success).toBe(true);
  });
  it('is a fresh object each time (editing one does not change the next)', () => {
    const a = defaultAvailability(ID);
    a.workingDays.push(6);
    expect(defaultAvailability(ID).workingDays).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('minuteText and parseHhmm', () => {
  it('writes HH:MM', () => {
    expect(minuteText(510)).toBe('08:30');
    expect(minuteText(0)).toBe('00:00');
    expect(minuteText(1440)).toBe('24:00');
  });
  it('reads HH:MM, HH.MM and Thai digits', () => {
    expect(parseHhmm('08:30')).toBe(510);
    expect(parseHhmm('8:30')).toBe(510);
    expect(parseHhmm(' 16.30 ')).toBe(990);
    expect(parseHhmm('๐๘:๓๐')).toBe(510);
    expect(parseHhmm('24:00')).toBe(1440);
  });
  it('refuses what is not a time of day', () => {
    for (const bad of ['', '8', '830', '08:3', '08:60', '25:00', '24:01', 'a8:30', '08:30 น.']) expect(parseHhmm(bad), bad).toBeNull();
  });
  it('round-trips every minute of the day', () => {
    for (let m = 0; m <= 1440; m++) expect(parseHhmm(minuteText(m))).toBe(m);
  });
});
