/**
 * What makes an acceptable PIN (docs/security.md §3): 6 to 12 ASCII digits (Thai digits are read as ASCII),
 * and not one a thief tries first: one digit repeated, a straight run up or down, a repeated pair or triple,
 * or a few well-known ones.
 */

export const PIN_MIN_LENGTH = 6;
export const PIN_MAX_LENGTH = 12;

export type PinProblem = 'pin.digits' | 'pin.length' | 'pin.trivial' | 'pin.mismatch';
export type PinCheck = { ok: true; pin: string } | { ok: false; code: PinProblem };

const WELL_KNOWN = new Set(['123456', '654321', '123123', '112233', '121212', '123321', '111222', '159753', '147258', '258456', '102030', '010203', '696969', '520520', '131313']);

/** Thai digits (๐–๙) → ASCII; spaces dropped. */
export function normalisePin(input: string): string {
  return input.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50)).replace(/\s+/g, '');
}

function isRun(pin: string, step: 1 | -1): boolean {
  for (let i = 1; i < pin.length; i++) {
    const prev = Number(pin[i - 1]);
    const cur = Number(pin[i]);
    if ((prev + step + 10) % 10 !== cur) return false;
  }
  return true;
}

function isRepeatOf(pin: string, unit: number): boolean {
  if (pin.length % unit !== 0) return false;
  const head = pin.slice(0, unit);
  return head.repeat(pin.length / unit) === pin;
}

export function isTrivialPin(pin: string): boolean {
  if (WELL_KNOWN.has(pin)) return true;
  if (isRun(pin, 1) || isRun(pin, -1)) return true;
  return [1, 2, 3].some((unit) => isRepeatOf(pin, unit));
}

export function checkNewPin(input: string, confirm: string): PinCheck {
  const pin = normalisePin(input);
  if (!/^\d*$/.test(pin)) return { ok: false, code: 'pin.digits' };
  if (pin.length < PIN_MIN_LENGTH || pin.length > PIN_MAX_LENGTH) return { ok: false, code: 'pin.length' };
  if (isTrivialPin(pin)) return { ok: false, code: 'pin.trivial' };
  if (normalisePin(confirm) !== pin) return { ok: false, code: 'pin.mismatch' };
  return { ok: true, pin };
}
