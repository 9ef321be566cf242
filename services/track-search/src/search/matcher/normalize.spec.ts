import { containsPhrase, fold, foldArtist, stripArtistDisambiguation, titleSimilarity } from './normalize';

describe('fold', () => {
  it.each([
    ['Corpo e Canção', 'corpo e cancao'],
    ['BEYONCÉ', 'beyonce'],
    ['Ｆｕｌｌ Ｗｉｄｔｈ', 'full width'],
    ['Røyksopp', 'royksopp'],
    ['Straße', 'strasse'],
    ["It's a Monster", 'its a monster'],
    ['Copy & Paste', 'copy and paste'],
    ['He.art', 'he art'],
    ['  Mushroom Song ', 'mushroom song'],
    ['X-side', 'x side'],
  ])('folds %j to %j', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it('keeps non-Latin scripts, dropping Greek and Cyrillic accents the way uploads do', () => {
    expect(fold('Полёт Над Городом')).toBe('полет над городом');
    expect(fold('Ο Χορός Της Βροχής')).toBe(fold('Ο ΧΟΡΟΣ ΤΗΣ ΒΡΟΧΗΣ'));
    expect(fold('夜に駆ける')).toBe('夜に駆ける');
    expect(fold('が')).not.toBe(fold('か'));
  });
});

describe('artist names', () => {
  it("drops Beatport's disambiguation suffix", () => {
    expect(stripArtistDisambiguation('Polaris (FR)')).toBe('Polaris');
    expect(stripArtistDisambiguation('Mystic (Psy)')).toBe('Mystic');
    expect(foldArtist('Vegas (Brazil)')).toBe('vegas');
    expect(foldArtist('(hed) p.e.')).toBe('hed p e');
  });

  it('finds a name as whole words, also written without spaces', () => {
    expect(containsPhrase('tristan avalon and faders', 'avalon')).toBe(true);
    expect(containsPhrase('avalonia', 'avalon')).toBe(false);
    expect(containsPhrase('vinivici and blazy', 'vini vici')).toBe(true);
    expect(containsPhrase('symphonix and copy and paste', 'copy and paste')).toBe(true);
    expect(containsPhrase('yoasobiの夜に駆ける', '夜に駆ける')).toBe(true);
  });
});

describe('titleSimilarity', () => {
  it('is 1 for equal titles and forgives a space or a plural', () => {
    expect(titleSimilarity('viento', 'viento')).toBe(1);
    expect(titleSimilarity('he art', 'heart')).toBeGreaterThan(0.9);
    expect(titleSimilarity('light beings', 'light being')).toBeGreaterThan(0.8);
  });

  it('keeps different songs apart', () => {
    expect(titleSimilarity('move', 'move your body')).toBeLessThan(0.6);
    expect(titleSimilarity('nova', 'supernova rising')).toBeLessThan(0.6);
  });

  it('compares scripts without spaces character by character', () => {
    expect(titleSimilarity('夜に駆ける', '夜に駆ける')).toBe(1);
    expect(titleSimilarity('夜に駆ける', '群青')).toBe(0);
  });
});
