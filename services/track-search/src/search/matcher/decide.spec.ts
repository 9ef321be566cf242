import { matchTrack } from './decide';
import { Candidate, MatchableTrack } from './types';

function track(overrides: Partial<MatchableTrack> = {}): MatchableTrack {
  return { title: 'Viento', mixName: 'Extended Mix', artists: ['Funk Tribu'], remixers: [], lengthMs: 265_519, ...overrides };
}

let nextId = 0;
function song(name: string, artist: string, durationSeconds: number | null, overrides: Partial<Candidate> = {}): Candidate {
  nextId += 1;
  return { videoId: `vid${String(nextId).padStart(8, '0')}`, name, artist, album: null, durationSeconds, kind: 'song', ...overrides };
}
function video(name: string, artist: string, durationSeconds: number | null): Candidate {
  return song(name, artist, durationSeconds, { kind: 'video' });
}

describe('matchTrack', () => {
  it('finds nothing in an empty result list', () => {
    const result = matchTrack(track(), []);
    expect(result).toMatchObject({ outcome: 'not_found', best: null, reason: 'no results' });
  });

  it('prefers the Extended Mix to a Radio Edit whose duration is just as close', () => {
    const radio = song('Viento (Radio Edit)', 'Funk Tribu', 262);
    const extended = song('Viento (Extended Mix)', 'Funk Tribu', 268);
    const result = matchTrack(track(), [radio, extended]);
    expect(result.outcome).toBe('matched');
    expect(result.best?.videoId).toBe(extended.videoId);
    expect(result.ranked.find((c) => c.videoId === radio.videoId)?.version.verdict).toBe('mismatch');
  });

  it('does not accept a Radio Edit as an Extended Mix even when it is all there is', () => {
    const result = matchTrack(track(), [song('Viento (Radio Edit)', 'Funk Tribu', 263)]);
    expect(result.outcome).not.toBe('matched');
    expect(result.reason).toMatch(/radio mix for Extended Mix/);
  });

  it('matches an "Original Mix" to a title with no suffix', () => {
    const plain = song('Light Beings', 'Sonic Species', 366);
    const result = matchTrack(track({ title: 'Light Beings', mixName: 'Original Mix', artists: ['Sonic Species'], lengthMs: 365_070 }), [plain]);
    expect(result).toMatchObject({ outcome: 'matched', best: { videoId: plain.videoId } });
  });

  it('picks the right remix among three remixes and rejects the other remixers', () => {
    const source = track({ title: 'Horizons', mixName: 'Phaxe Remix', artists: ['Aura Vortex', 'Blazy'], remixers: ['Phaxe'], lengthMs: 555_428 });
    const blazy = song('Horizons (Vertical Mode Remix)', 'Aura Vortex', 455);
    const phaxe = song('Horizons (Phaxe Remix)', 'Aura Vortex', 555);
    const other = song('Horizons - Ranji Remix', 'Aura Vortex', 520);
    const result = matchTrack(source, [blazy, other, phaxe]);
    expect(result).toMatchObject({ outcome: 'matched', best: { videoId: phaxe.videoId } });
    for (const wrong of [blazy, other]) {
      expect(result.ranked.find((c) => c.videoId === wrong.videoId)?.rejected).toMatch(/^remix by .*, not by phaxe$/);
    }
  });

  it('never takes another remixer\'s remix, even when it is the only result', () => {
    const source = track({ title: 'Horizons', mixName: 'Phaxe Remix', artists: ['Aura Vortex'], remixers: ['Phaxe'], lengthMs: 555_428 });
    const result = matchTrack(source, [song('Horizons (Vertical Mode Remix)', 'Aura Vortex', 555)]);
    expect(result.outcome).toBe('not_found');
    expect(result.reason).toMatch(/every result was rejected \(remix by vertical mode/);
  });

  it('does not take the original for a remix', () => {
    const source = track({ title: 'Free Tibet', mixName: 'Vini Vici Remix', artists: ['Hilight Tribe'], remixers: ['Vini Vici'], lengthMs: 474_782 });
    const result = matchTrack(source, [song('Free Tibet', 'Hilight Tribe', 420)]);
    expect(result.outcome).not.toBe('matched');
  });

  it('rejects a remix of a track that is an original', () => {
    const result = matchTrack(track({ mixName: 'Original Mix' }), [song('Viento (Boris Brejcha Remix)', 'Funk Tribu', 265)]);
    expect(result.outcome).toBe('not_found');
    expect(result.ranked[0]?.rejected).toMatch(/a remix by boris brejcha/);
  });

  it('matches when "feat." is only in the Beatport title', () => {
    const source = track({ title: 'Corpo e Canção (feat. Letícia Fialho)', mixName: 'Festival Mix', artists: ['Vini Vici', 'Blazy'], lengthMs: 414_084 });
    const candidate = song('Corpo e Canção (Festival Mix)', 'Vini Vici, Blazy & Letícia Fialho', 414);
    expect(matchTrack(source, [candidate])).toMatchObject({ outcome: 'matched', best: { videoId: candidate.videoId } });
  });

  it('matches when "feat." is only in the YouTube Music title', () => {
    const candidate = song('Viento (feat. Alicia Keys) [Extended Mix]', 'Funk Tribu', 266);
    expect(matchTrack(track(), [candidate])).toMatchObject({ outcome: 'matched', best: { videoId: candidate.videoId } });
  });

  it('matches a Cyrillic title and a Japanese title', () => {
    const russian = song('Полёт (Extended Mix)', 'Кирилл Дорохов', 301);
    expect(
      matchTrack(track({ title: 'Полёт', artists: ['Кирилл Дорохов'], lengthMs: 301_000 }), [song('Полёт', 'Другой Артист', 301), russian]),
    ).toMatchObject({ outcome: 'matched', best: { videoId: russian.videoId } });
    const japanese = song('夜に駆ける', 'YOASOBI', 261);
    expect(
      matchTrack(track({ title: '夜に駆ける', mixName: null, artists: ['YOASOBI'], lengthMs: 261_000 }), [song('群青', 'YOASOBI', 249), japanese]),
    ).toMatchObject({ outcome: 'matched', best: { videoId: japanese.videoId } });
  });

  it('does not take a cover by another artist with an identical title', () => {
    const source = track({ title: 'Lift Me Up', mixName: 'Extended Mix', artists: ['Moby', 'Berg', 'Blastoyz'], lengthMs: 320_000 });
    const cover = song('Lift Me Up', 'Rihanna Tribute Band', 320);
    const result = matchTrack(source, [cover]);
    expect(result.outcome).not.toBe('matched');
    expect(result.best?.concerns.join()).toMatch(/not a credited artist/);
  });

  it('rejects an upload labelled as a cover, even by a credited artist', () => {
    const result = matchTrack(track(), [song('Viento (Piano Cover)', 'Funk Tribu', 265)]);
    expect(result).toMatchObject({ outcome: 'not_found' });
    expect(result.ranked[0]?.rejected).toBe('a cover version');
  });

  it.each([
    ['Viento (Live at Awakenings 2024)', 'a live version'],
    ['Funk Tribu live @ Tomorrowland 2024 (Full Set)', 'a live version'],
    ['Viento (Sped Up)', 'a sped-up version'],
    ['Viento (Slowed + Reverb)', 'a slowed version'],
    ['Viento (Nightcore)', 'a nightcore version'],
    ['Viento (Karaoke Version)', 'a karaoke version'],
    ['Viento (Instrumental)', 'an instrumental version'],
  ])('rejects %j (%s)', (name, reason) => {
    const correct = song('Viento (Extended Mix)', 'Funk Tribu', 265);
    const result = matchTrack(track(), [song(name, 'Funk Tribu', 265), correct]);
    expect(result.best?.videoId).toBe(correct.videoId);
    expect(result.ranked.at(-1)?.rejected).toBe(reason);
  });

  it('takes a sped-up version when that is what Beatport sells', () => {
    const sped = song('Viento (Sped Up)', 'Funk Tribu', 200);
    const result = matchTrack(track({ mixName: 'Sped Up', lengthMs: 200_000 }), [song('Viento', 'Funk Tribu', 265), sped]);
    expect(result).toMatchObject({ outcome: 'matched', best: { videoId: sped.videoId } });
  });

  it('prefers the song to a video of the same recording', () => {
    const clip = video('Funk Tribu - Viento (Extended Mix)', 'Funk Tribu', 266);
    const upload = song('Viento (Extended Mix)', 'Funk Tribu', 266);
    expect(matchTrack(track(), [clip, upload])).toMatchObject({ outcome: 'matched', best: { videoId: upload.videoId } });
  });

  it('accepts a label channel\'s video that names the artist in its title', () => {
    const clip = video('Funk Tribu - Viento (Extended Mix) [Official Audio]', 'Iboga Records', 265);
    expect(matchTrack(track(), [clip])).toMatchObject({ outcome: 'matched', best: { videoId: clip.videoId } });
  });

  it('keeps for review a plain title whose duration says it is a shorter edit', () => {
    const result = matchTrack(track(), [song('Viento', 'Funk Tribu', 190)]);
    expect(result.outcome).toBe('needs_review');
    expect(result.reason).toMatch(/duration differs by 76 s/);
  });

  it('does not count a re-release of the same recording as competition', () => {
    const single = song('Viento (Extended Mix)', 'Funk Tribu', 266, { album: 'Viento' });
    const compilation = song('Viento (Extended Mix)', 'Funk Tribu', 265, { album: 'Techno Hits 2024' });
    const result = matchTrack(track(), [single, compilation]);
    expect(result.outcome).toBe('matched');
    expect(result.runnerUp).toBeNull();
  });

  it('asks for review when two different recordings are equally good', () => {
    const source = track({ title: 'Sofia', mixName: 'Original Mix', artists: ['Omiki'], lengthMs: null });
    const result = matchTrack(source, [song('Sofia', 'Omiki', 412), song('Sofia', 'Omiki', 330)]);
    expect(result.outcome).toBe('needs_review');
    expect(result.reason).toMatch(/ahead of "Sofia"/);
  });

  it('explains every decision with the winner and the runner-up broken down', () => {
    const result = matchTrack(track(), [song('Viento (Extended Mix)', 'Funk Tribu', 266), song('Viento (Radio Edit)', 'Funk Tribu', 180)]);
    expect(result.best).toMatchObject({ parts: { title: 1, artist: 1, version: 1, duration: 1, kind: 1 }, concerns: [] });
    expect(result.runnerUp).toMatchObject({ version: { verdict: 'mismatch', candidate: 'radio' } });
  });

  it('rejects a joint remix that credits someone besides the remixer', () => {
    const source = track({ title: 'Sahara', mixName: 'Vini Vici Remix', artists: ['Astrix'], remixers: ['Vini Vici'], lengthMs: 450_000 });
    const joint = song('Sahara (Vini Vici & Tristan Remix)', 'Astrix', 450);
    const right = song('Sahara (Vini Vici Remix) [Extended]', 'Astrix', 451);
    const result = matchTrack(source, [joint, right]);
    expect(result).toMatchObject({ outcome: 'matched', best: { videoId: right.videoId } });
    expect(result.ranked.find((c) => c.videoId === joint.videoId)?.rejected).toBe('remix by vini vici and tristan, not by vini vici');
  });

  it("takes Beatport's own remix credit, possessive and all, and the remixers in another order", () => {
    const silence = track({ title: 'Silence', mixName: "Tiësto's In Search Of Sunrise Remix", artists: ['Delerium', 'Sarah McLachlan'], remixers: ['Tiësto'], lengthMs: 692_000 });
    const right = song("Silence (Tiësto's In Search Of Sunrise Remix)", 'Delerium', 692);
    expect(matchTrack(silence, [right])).toMatchObject({ outcome: 'matched' });
    const ageOfLove = track({ title: 'The Age Of Love', mixName: 'Charlotte de Witte & Enrico Sangiuliano Remix', artists: ['Age Of Love'], remixers: ['Charlotte de Witte', 'Enrico Sangiuliano'], lengthMs: 439_000 });
    expect(matchTrack(ageOfLove, [song('The Age Of Love (Enrico Sangiuliano & Charlotte de Witte Remix)', 'Age Of Love', 439)])).toMatchObject({ outcome: 'matched' });
  });

  it('does not take a title with one more word for the title ("Anthem", "Reloaded")', () => {
    const result = matchTrack(track({ title: 'Age Of Silicon', mixName: 'Original Mix', artists: ['Arcana'], lengthMs: 516_000 }), [song('Age Of Silicon Anthem', 'Arcana', 516)]);
    expect(result.outcome).not.toBe('matched');
    expect(result.best?.concerns.join()).toMatch(/title differs/);
  });

  it('keeps a Club Mix for review when the Extended Mix is asked for', () => {
    const result = matchTrack(track(), [song('Viento (Club Mix)', 'Funk Tribu', 265)]);
    expect(result.outcome).toBe('needs_review');
    expect(result.reason).toBe('club mix for Extended Mix');
  });

  it('accepts a remaster, an "Original Version", a "- Single" suffix and a Topic channel', () => {
    const original = track({ mixName: 'Original Mix' });
    for (const [name, artist] of [['Viento (2024 Remaster)', 'Funk Tribu'], ['Viento (Original Version)', 'Funk Tribu'], ['Viento - Single', 'Funk Tribu'], ['Viento', 'Funk Tribu - Topic']]) {
      expect(matchTrack(original, [song(name!, artist!, 265)])).toMatchObject({ outcome: 'matched' });
    }
  });

  it('forgives an upload a few seconds off, and a title written without its accents or in capitals', () => {
    expect(matchTrack(track(), [song('VIENTO (EXTENDED MIX)', 'Funk Tribu', 279)])).toMatchObject({ outcome: 'matched' });
    const senorita = track({ title: 'Señorita', mixName: 'Original Mix', artists: ['Ñengo Flow'], lengthMs: 242_000 });
    expect(matchTrack(senorita, [song('Senorita', 'Nengo Flow', 242)])).toMatchObject({ outcome: 'matched' });
  });

  it('scores an unknown artist below a credited one but does not reject it', () => {
    const result = matchTrack(track(), [song('Viento (Extended Mix)', '', 266)]);
    expect(result.outcome).toBe('needs_review');
    expect(result.best?.concerns).toEqual(['artist unknown']);
  });
});
