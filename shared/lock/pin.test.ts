import { describe, expect, it } from 'vitest';
import { checkNewPin, isTrivialPin } from './pin';

describe('new PIN', () => {
  it.each(['000000', '111111', '123456', '654321', '234567', '890123', '121212', '123123', '112233', '9876543210'])('refuses the trivial %s', (pin) => {
    expect(isTrivialPin(pin)).toBe(true);
    expect(checkNewPin(pin, pin)).toEqual({ ok: false, code: 'pin.trivial' });
  });

  it('accepts a 6-digit PIN nobody guesses first, in Thai digits too', () => {
    expect(checkNewPin('482916', '482916')).toEqual({ ok: true, pin: '482916' });
    expect(checkNewPin('๔๘๒๙๑๖', '482916')).toEqual({ ok: true, pin: '482916' });
  });

  it('names what is wrong', () => {
    expect(checkNewPin('48291', '48291')).toEqual({ ok: false, code: 'pin.length' });
    expect(checkNewPin('48a916', '48a916')).toEqual({ ok: false, code: 'pin.digits' });
    expect(checkNewPin('482916', '482917')).toEqual({ ok: false, code: 'pin.mismatch' });
  });
});
