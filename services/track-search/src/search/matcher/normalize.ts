// Text folding for matching: two spellings of the same title or artist fold to the same
// string, whatever their case, accents, width, punctuation or script.

/** Letters NFD cannot take apart, written the way a search box would accept them. */
const LATIN_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

/**
 * NFKC (full-width letters, ligatures), lower case, accents removed from Latin, Greek
 * and Cyrillic letters (uploads write `Señorita` as `Senorita`, `лёд` as `лед`, `ΧΟΡΟΣ`
 * without its tonos), marks of other scripts kept (`が` is not `か`), `&` read as `and`,
 * apostrophes dropped, every other run of punctuation a single space.
 */
export function fold(text: string): string {
  const lowered = text.normalize('NFKC').toLowerCase();
  const withoutLatinAccents = lowered
    .normalize('NFD')
    .replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/[ßæœøđðłþı]/g, (letter) => LATIN_LETTERS[letter] ?? letter);
  return withoutLatinAccents
    .replace(/&/g, ' and ')
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

export function tokens(folded: string): string[] {
  return folded ? folded.split(' ') : [];
}

/** Scripts written without spaces between words: compare them by characters, not words. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Hangul}]/u;

export function isUnspacedScript(text: string): boolean {
  return UNSPACED_SCRIPT.test(text);
}

/** Beatport disambiguates artists who share a name: `Polaris (FR)`, `Mystic (Psy)`. Streaming services do not. */
export function stripArtistDisambiguation(name: string): string {
  return name.replace(/\s*[([][^)\]]{1,20}[)\]]\s*$/u, '').trim() || name.trim();
}

/** Folded artist name as it would appear on YouTube Music. */
export function foldArtist(name: string): string {
  return fold(stripArtistDisambiguation(name));
}

/**
 * Whether `phrase` occurs in `text` as whole words (both folded). Names written
 * without spaces (`vinivici` for `vini vici`) also count, and scripts without spaces
 * between words are compared as substrings.
 */
export function containsPhrase(text: string, phrase: string): boolean {
  if (!phrase || !text) return false;
  if (isUnspacedScript(phrase)) return text.replace(/ /g, '').includes(phrase.replace(/ /g, ''));
  if (` ${text} `.includes(` ${phrase} `)) return true;
  const compactPhrase = phrase.replace(/ /g, '');
  // A compact comparison only for names long enough not to hide inside another word.
  return compactPhrase.length >= 6 && phrase.includes(' ') && ` ${text} `.includes(` ${compactPhrase} `);
}

function bigrams(text: string): Map<string, number> {
  const compact = text.replace(/ /g, '');
  const counts = new Map<string, number>();
  if (compact.length === 1) counts.set(compact, 1);
  for (let i = 0; i < compact.length - 1; i++) {
    const gram = compact.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function dice<T>(a: Map<T, number>, b: Map<T, number>): number {
  let total = 0;
  let shared = 0;
  for (const count of a.values()) total += count;
  for (const [key, count] of b) {
    total += count;
    shared += Math.min(count, a.get(key) ?? 0);
  }
  return total === 0 ? 0 : (2 * shared) / total;
}

function tokenCounts(folded: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens(folded)) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/**
 * Similarity of two folded titles, 0..1: the better of word overlap and character-pair
 * overlap (the latter forgives a typo or a plural, and is the only measure for scripts
 * written without spaces), the character measure slightly discounted.
 */
export function titleSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  if (a.replace(/ /g, '') === b.replace(/ /g, '')) return 0.97;
  const byWords = dice(tokenCounts(a), tokenCounts(b));
  const byCharacters = dice(bigrams(a), bigrams(b));
  return Math.max(byWords, 0.92 * byCharacters);
}

/** Two spellings of one word: equal, a plural, a typo. */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)) && Math.abs(a.length - b.length) <= 2) return true;
  return Math.min(a.length, b.length) >= 5 && dice(bigrams(a), bigrams(b)) >= 0.8;
}

/**
 * Words of either title without a counterpart in the other ("Age Of Silicon Anthem" has
 * one more than "Age Of Silicon"), not counting the words in `explained` (artist names,
 * version words). Titles in scripts without spaces are not counted in words.
 */
export function unmatchedWords(a: string, b: string, explained: ReadonlySet<string> = new Set()): number {
  if (isUnspacedScript(a) || isUnspacedScript(b)) return 0;
  const wordsA = tokens(a);
  const wordsB = tokens(b);
  const missingFrom = (from: string[], other: string[]) =>
    from.filter((word) => !explained.has(word) && !other.some((candidate) => sameWord(word, candidate))).length;
  return missingFrom(wordsA, wordsB) + missingFrom(wordsB, wordsA);
}
