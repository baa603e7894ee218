import { describe, expect, it } from 'vitest';
import { attemptVerdict, BLOCK_AFTER, delayAfter, FRESH_ATTEMPTS, idleLockDue, tryPin, afterOnlineSignIn, type AttemptState } from './policy';

const RIGHT = '482916';

/** A PIN check against the right PIN, as the keyring's unwrap would answer. */
const checkOf = (pin: string) => () => Promise.resolve(pin === RIGHT);

describe('PIN attempts', () => {
  it('never unlocks with 100 wrong PINs, whatever the clock does', async () => {
    let state: AttemptState = FRESH_ATTEMPTS;
    let now = 1_000_000;
    for (let i = 0; i < 100; i++) {
      now += 24 * 3600_000; // a day between tries: every wait has passed
      const r = await tryPin(state, now, checkOf(String(100000 + i)));
      expect(r.ok).toBe(false);
      state = r.state;
    }
    expect(attemptVerdict(state, now).kind).toBe('blocked');
  });

  it('costs nothing for four wrong PINs, then waits longer from the 5th', async () => {
    let state: AttemptState = FRESH_ATTEMPTS;
    const now = 5_000_000;
    const waits: number[] = [];
    for (let i = 1; i <= 9; i++) {
      const r = await tryPin(state, now + i * 10 ** 7, checkOf('000001'));
      state = r.state;
      waits.push(r.verdict.kind === 'wait' ? r.verdict.waitMs : 0);
    }
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    for (let i = 4; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1] ?? 0);
    expect(delayAfter(5)).toBe(30_000);
  });

  it('refuses to check a PIN before the wait is over', async () => {
    let state: AttemptState = FRESH_ATTEMPTS;
    for (let i = 0; i < 5; i++) state = (await tryPin(state, 1000, checkOf('000001'))).state;
    let checked = false;
    const r = await tryPin(state, 1000 + 29_999, () => {
      checked = true;
      return Promise.resolve(true);
    });
    expect(r.ok).toBe(false);
    expect(checked).toBe(false);
    expect((await tryPin(state, 1000 + 30_000, checkOf(RIGHT))).ok).toBe(true);
  });

  it('a clock set backwards does not shorten a wait', () => {
    const state: AttemptState = { failures: 6, lastFailureAt: 10_000_000 };
    const v = attemptVerdict(state, 0);
    expect(v).toEqual({ kind: 'wait', untilMs: delayAfter(6), waitMs: delayAfter(6) });
  });

  it('after the 10th wrong PIN the right PIN fails too, until an online sign-in', async () => {
    let state: AttemptState = FRESH_ATTEMPTS;
    let now = 0;
    for (let i = 0; i < BLOCK_AFTER; i++) {
      now += 10 ** 9;
      state = (await tryPin(state, now, checkOf('000001'))).state;
    }
    const blocked = await tryPin(state, now + 10 ** 12, checkOf(RIGHT));
    expect(blocked.ok).toBe(false);
    expect(blocked.verdict.kind).toBe('blocked');
    state = afterOnlineSignIn();
    expect((await tryPin(state, now, checkOf(RIGHT))).ok).toBe(true);
  });

  it('a right PIN resets the count', async () => {
    let state: AttemptState = FRESH_ATTEMPTS;
    for (let i = 0; i < 3; i++) state = (await tryPin(state, 0, checkOf('000001'))).state;
    const r = await tryPin(state, 0, checkOf(RIGHT));
    expect(r.state).toEqual(FRESH_ATTEMPTS);
  });
});

describe('idle lock', () => {
  it('is due after the chosen minutes, not before', () => {
    expect(idleLockDue(0, 5 * 60_000 - 1, 5)).toBe(false);
    expect(idleLockDue(0, 5 * 60_000, 5)).toBe(true);
    // Out-of-range settings are clamped to 1..60 minutes.
    expect(idleLockDue(0, 60_000, 0)).toBe(true);
    expect(idleLockDue(0, 60 * 60_000 - 1, 1000)).toBe(false);
  });
});
