import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanMultiline, cleanText, compareThai, matchesQuery, searchKey, thaiCollator } from './normalise';

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('cleanText', () => {
  it('collapses every kind of whitespace and trims', () => {
    expect(cleanText('  สมศรี \t\n ใจดี\u00a0 ')).toBe('สมศรี ใจดี');
    expect(cleanText('a\u3000\u2003b')).toBe('a b');
  });
  it('drops zero-width characters', () => {
    expect(cleanText('สม\u200bศรี\u200c\u200d\u2060\ufeff')).toBe('สมศรี');
  });
  it('composes to NFC', () => {
    expect(cleanText('e\u0301')).toBe('\u00e9');
  });
  it('drops control characters (NUL, BEL, ESC, DEL, C1) and lone surrogates; keeps emoji and Thai', () => {
    expect(cleanText('ใจดี\u0000')).toBe('ใจดี');
    expect(cleanText('\u0007สม\u001bศรี\u007f\u0080\u009f')).toBe('สมศรี');
    expect(cleanText('a\ud800b\udfffc')).toBe('abc');
    expect(cleanText('\ud800\ude00 ok \ud83d\ude00')).toBe('\ud800\ude00 ok \ud83d\ude00');
    // Removing a control between the halves of a pair leaves the pair whole.
    expect(cleanText('\ud83d\u0000\ude00')).toBe('\ud83d\ude00');
    expect(cleanText('a\u0085b\u2028c')).toBe('a b c');
  });
  it('the quick check before dropping misses no control character and no lone surrogate', () => {
    const whitespace = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85]);
    for (let u = 0; u <= 0x9f; u++) {
      if (whitespace.has(u) || (u >= 0x20 && u < 0x7f)) continue;
      expect(cleanText(`สม${String.fromCharCode(u)}ศรี`), `U+${u.toString(16)}`).toBe('สมศรี');
    }
    for (let u = 0xd800; u <= 0xdfff; u++) expect(cleanText(`a${String.fromCharCode(u)}b`), `U+${u.toString(16)}`).toBe('ab');
    expect(cleanMultiline(`a\u0000\nb\ud800`)).toBe('a\nb');
  });
  it('never leaves a control character or a lone surrogate, and is idempotent on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const c = cleanText(s);
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        return cleanText(c) === c && !/[\u0000-\u001f\u007f-\u009f]/.test(c) && !LONE.test(c);
      }),
    );
  });
  it('is idempotent and never leaves double spaces or edge spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('ก', 'า', ' ', '\t', '\n', '\u00a0', '\u200b', 'x', '่') }), (s) => {
        const c = cleanText(s);
        return cleanText(c) === c && !/\s\s|^\s|\s$|\u200b/.test(c);
      }),
    );
  });
});

describe('cleanMultiline', () => {
  it('keeps line breaks, trims lines, allows one blank line in a row', () => {
    expect(cleanMultiline('  first   line  \r\n\r\n\r\n\n  second\tline \rthird\u200b\n\n')).toBe('first line\n\nsecond line\nthird');
  });
  it('drops control characters and lone surrogates but keeps line breaks', () => {
    expect(cleanMultiline('line\u0000 one\n\u0007two\ud800')).toBe('line one\ntwo');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const c = cleanMultiline(s);
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        return cleanMultiline(c) === c && !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(c) && !LONE.test(c);
      }),
    );
  });
  it('treats whitespace-only lines as blank', () => {
    expect(cleanMultiline('a\n \t \n\u00a0\nb')).toBe('a\n\nb');
  });
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('ก', ' ', '\t', '\n', '\r', '\u00a0', '\u200b', 'x') }), (s) => {
        const c = cleanMultiline(s);
        return cleanMultiline(c) === c && !/\n\n\n| \n|\n /.test(c);
      }),
    );
  });
});

describe('searchKey', () => {
  it('ignores zero-width characters (pitfall 3)', () => {
    expect(searchKey('สม\u200bศรี')).toBe(searchKey('สมศรี'));
    expect(matchesQuery(searchKey('นางสาวสม\u200bศรี ใจดี'), 'สมศรี')).toBe(true);
  });
  it('ignores spaces (pitfall 4)', () => {
    expect(searchKey('สมศรี  ใจดี')).toBe(searchKey('สมศรีใจดี'));
    expect(searchKey('สมศรี  ใจดี')).toBe('สมศรีใจดี');
  });
  it('treats ำ and ํ+า alike, both ways', () => {
    expect(searchKey('น้ำ')).toBe(searchKey('น\u0e49\u0e4d\u0e32'));
    expect(searchKey('ทำ')).toBe(searchKey('ท\u0e4d\u0e32'));
    expect(searchKey('\u0e33')).toBe('\u0e4d\u0e32');
  });
  it('puts an upper vowel before a tone mark whichever was typed first', () => {
    const vowelFirst = 'ก\u0e35\u0e48'; // ก ี ่
    const toneFirst = 'ก\u0e48\u0e35'; // ก ่ ี
    expect(vowelFirst).not.toBe(toneFirst);
    expect(vowelFirst.normalize('NFC')).not.toBe(toneFirst.normalize('NFC'));
    expect(searchKey(toneFirst)).toBe(searchKey(vowelFirst));
    expect(searchKey(toneFirst)).toBe(vowelFirst);
    expect(searchKey('ส\u0e49\u0e31น')).toBe(searchKey('สั้น'));
  });
  it('treats the tone typed after ำ like the tone before it (นำ้ vs น้ำ)', () => {
    expect(searchKey('น\u0e33\u0e49')).toBe(searchKey('น\u0e49\u0e33'));
  });
  it('lower-vowel/tone order is already unified by NFKC', () => {
    expect(searchKey('ป\u0e39\u0e48')).toBe(searchKey('ป\u0e48\u0e39'));
  });
  it('matches phone numbers and IDs however they are typed', () => {
    const phone = searchKey('081-234-5678');
    expect(phone).toBe('0812345678');
    expect(searchKey('(081) 234.5678')).toBe(phone);
    expect(searchKey('๐๘๑๒๓๔๕๖๗๘')).toBe(phone);
    expect(searchKey('1-1303-00123-45-8')).toBe('1130300123458');
  });
  it('lower-cases, folds full-width forms, keeps slashes', () => {
    expect(searchKey('ＳＯＩ Ramkhamhaeng')).toBe('soiramkhamhaeng');
    expect(searchKey('99/12 ม.3')).toBe('99/12ม3');
  });
  it('strict mode keeps tone marks, loose mode drops them and thanthakhat', () => {
    expect(searchKey('ไก่')).toBe('ไก\u0e48');
    expect(searchKey('ไก่', { loose: true })).toBe('ไก');
    expect(searchKey('จันทร์', { loose: true })).toBe('จันทร');
    expect(searchKey('ก๊วยเตี๋ยว', { loose: true })).toBe('กวยเตียว');
  });
  it('is idempotent', () => {
    const thai = fc.string({ unit: fc.constantFrom('ก', 'น', 'า', 'ำ', 'ี', 'ั', 'ุ', '่', '้', '๊', '์', 'ํ', ' ', '-', '๑', 'A', '\u200b') });
    fc.assert(
      fc.property(thai, fc.boolean(), (s, loose) => searchKey(searchKey(s, { loose }), { loose }) === searchKey(s, { loose })),
      { numRuns: 2000 },
    );
  });
});

describe('matchesQuery', () => {
  it('loose "ไก" finds "ไก่" and loose "ไก่" finds "ไก" (pitfall 3)', () => {
    expect(matchesQuery(searchKey('ไก่ย่าง', { loose: true }), 'ไก', { loose: true })).toBe(true);
    expect(matchesQuery(searchKey('ไกล', { loose: true }), 'ไก่', { loose: true })).toBe(true);
  });
  it('strict: "ไก" is a substring of "ไก่", but "ไก่" does not find "ไก"', () => {
    expect(matchesQuery(searchKey('ไก่'), 'ไก')).toBe(true);
    expect(matchesQuery(searchKey('ไกล'), 'ไก่')).toBe(false);
  });
  it('matches tone-order variants and spacing differences', () => {
    expect(matchesQuery(searchKey('นางสมศรี ใจดี'), 'สมศรีใจดี')).toBe(true);
    expect(matchesQuery(searchKey('คุณปู\u0e48'), 'ปู่')).toBe(true);
    expect(matchesQuery(searchKey('สมศรี'), 'สมชาย')).toBe(false);
  });
  it('an empty query matches everything', () => {
    expect(matchesQuery(searchKey('สมศรี'), '  ')).toBe(true);
  });
});

describe('Thai collation', () => {
  it('sorts by consonant, not by the leading vowel (เกม before ขวด)', () => {
    expect(['ขวด', 'เกม'].sort()).toEqual(['ขวด', 'เกม']); // code-point order, the bug
    expect(['ขวด', 'เกม'].sort(compareThai)).toEqual(['เกม', 'ขวด']);
    expect(compareThai('เกม', 'ขวด')).toBeLessThan(0);
    expect(['ไก่', 'ขา', 'กา', 'แข'].sort(thaiCollator.compare)).toEqual(['กา', 'ไก่', 'ขา', 'แข']);
  });
});
