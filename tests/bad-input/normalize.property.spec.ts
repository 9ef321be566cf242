// Property-based tests of the matcher's text folding (track-search's normalize.ts): it never
// throws, whatever the text; folding twice changes nothing; its output is lower-case words
// separated by single spaces; and case, accents, full-width forms and punctuation runs do
// not change what two spellings fold to.
import fc from 'fast-check';
import { containsPhrase, fold, foldArtist, titleSimilarity, tokens } from '../../services/track-search/src/search/matcher/normalize';

const RUNS = { numRuns: 1_000 };

/** Any text at all: lone surrogates, controls, every script. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 40 }));

const chars = (from: string, to: string) => Array.from({ length: to.codePointAt(0)! - from.codePointAt(0)! + 1 }, (_, i) => String.fromCodePoint(from.codePointAt(0)! + i));
const asciiLetters = [...chars('a', 'z'), ...chars('A', 'Z')];
/** Letters titles and artist names are written in: Latin with its accented letters, Cyrillic. */
const letters = [...asciiLetters, ...chars('0', '9'), ...chars('À', 'Ö'), ...chars('Ø', 'ö'), ...chars('ø', 'ž'), ...chars('А', 'я'), 'ё', 'Ё'];
const separators = [' ', '-', '_', '.', '/', ',', ';', ':', '!', '?', '(', ')', '[', ']', '+', '~', '|', '*'];
const titleText = fc.string({ unit: fc.constantFrom(...letters, ...separators), maxLength: 40 });
const asciiWords = fc.array(fc.string({ unit: fc.constantFrom(...asciiLetters), minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 });

describe('fold', () => {
  it('never throws, and folding twice is folding once', () => {
    fc.assert(fc.property(anyText, (text) => expect(fold(fold(text))).toBe(fold(text))), RUNS);
  });

  it('gives lower-case letters, digits and marks in words separated by single spaces', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const folded = fold(text);
        expect(folded).toBe(folded.toLowerCase());
        expect(folded).toMatch(/^(?:[\p{L}\p{N}\p{M}]+(?: [\p{L}\p{N}\p{M}]+)*)?$/u);
        expect(tokens(folded).every((token) => token.length > 0)).toBe(true);
      }),
      RUNS,
    );
  });

  it('ignores case in Latin and Cyrillic titles', () => {
    fc.assert(
      fc.property(titleText, (text) => {
        expect(fold(text.toUpperCase())).toBe(fold(text));
        expect(fold(text.toLowerCase())).toBe(fold(text));
      }),
      RUNS,
    );
  });

  it('ignores accents, composed or not', () => {
    const accent = fc.constantFrom('\u0300', '\u0301', '\u0302', '\u0303', '\u0308', '\u030a', '\u0327', '\u030c', '');
    fc.assert(
      fc.property(asciiWords, fc.array(accent, { maxLength: 60 }), (words, accents) => {
        const plain = words.join(' ');
        const accented = [...plain].map((char, i) => (char === ' ' ? char : `${char}${accents[i] ?? ''}`)).join('');
        expect(fold(accented)).toBe(fold(plain));
        expect(fold(accented.normalize('NFC'))).toBe(fold(plain));
      }),
      RUNS,
    );
  });

  it('reads full-width letters and digits as their ASCII forms', () => {
    fc.assert(
      fc.property(asciiWords, (words) => {
        const plain = words.join(' ');
        const fullWidth = [...plain].map((char) => (char === ' ' ? '\u3000' : String.fromCodePoint(char.codePointAt(0)! + 0xfee0))).join('');
        expect(fold(fullWidth)).toBe(fold(plain));
      }),
      RUNS,
    );
  });

  it('treats any run of punctuation and spaces between words as one space', () => {
    const gap = fc.string({ unit: fc.constantFrom(...separators), minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(asciiWords, fc.array(gap, { minLength: 5, maxLength: 5 }), gap, (words, gaps, edge) => {
        const spaced = words.join(' ');
        const punctuated = edge + words.map((word, i) => `${word}${gaps[i]}`).join('');
        expect(fold(punctuated)).toBe(fold(spaced));
        expect(fold(spaced)).toBe(words.join(' ').toLowerCase());
      }),
      RUNS,
    );
  });
});

describe('what is built on fold', () => {
  it('titleSimilarity is a symmetric score in [0, 1], 1 for the same non-empty title', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const [fa, fb] = [fold(a), fold(b)];
        const score = titleSimilarity(fa, fb);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(titleSimilarity(fb, fa)).toBeCloseTo(score, 12);
        if (fa) expect(titleSimilarity(fa, fa)).toBe(1);
      }),
      RUNS,
    );
  });

  it('a folded name contains itself as a phrase, and foldArtist never throws', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const folded = fold(text);
        if (folded) expect(containsPhrase(folded, folded)).toBe(true);
        expect(typeof foldArtist(text)).toBe('string');
      }),
      RUNS,
    );
  });
});
