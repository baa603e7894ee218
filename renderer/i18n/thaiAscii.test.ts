import { describe, expect, it } from 'vitest';
import { modules } from './catalog';
import { pageModules } from './messages/pages';
import { decodeThai, encodeThai } from './thaiAscii';

describe('thaiAscii', () => {
  it('gives back every Thai message as it was written', () => {
    for (const m of [...modules, ...pageModules]) for (const [key, text] of Object.entries(m)) expect(decodeThai(encodeThai(text)), key).toBe(text);
  });
  it('writes one ASCII character per Thai letter and keeps spaces, digits and placeholders readable', () => {
    expect(encodeThai('ค่า 120 {n}')).toMatch(/^~[!-}]{3} 120 \{~n\}$/);
    expect(decodeThai(encodeThai('ADL ~ กลุ่ม “ติดเตียง” – ๑'))).toBe('ADL ~ กลุ่ม “ติดเตียง” – ๑');
  });
  it('reads a value without the leading ~ as it is (a message computed in its module)', () => {
    expect(decodeThai('ค่านี้ {max}')).toBe('ค่านี้ {max}');
  });
});
