import { parseTitle, parseVersionDescriptor } from './title-parser';

describe('parseVersionDescriptor (Beatport mix names and bracketed versions)', () => {
  it.each([
    ['Original Mix', { tags: ['original'], remix: false, remixCredit: null, namedMix: null }],
    ['Original mix', { tags: ['original'], remix: false, remixCredit: null, namedMix: null }],
    ['Extended Mix', { tags: ['extended'], remix: false, remixCredit: null, namedMix: null }],
    ['Extended Version', { tags: ['extended'], remix: false, remixCredit: null, namedMix: null }],
    ['Radio Edit', { tags: ['radio'], remix: false, remixCredit: null, namedMix: null }],
    ['Edit', { tags: ['radio'], remix: false, remixCredit: null, namedMix: null }],
    ['Club Mix', { tags: ['club'], remix: false, remixCredit: null, namedMix: null }],
    ['VIP', { tags: ['vip'], remix: false, remixCredit: null, namedMix: null }],
    ['Festival Mix', { tags: [], remix: false, remixCredit: null, namedMix: 'festival' }],
    ['Dub Mix', { tags: [], remix: false, remixCredit: null, namedMix: 'dub' }],
    ['Phaxe Remix', { tags: [], remix: true, remixCredit: 'phaxe', namedMix: null }],
    ['Liquid Soul remix', { tags: [], remix: true, remixCredit: 'liquid soul', namedMix: null }],
    ['Avalon & Tristan Remix', { tags: [], remix: true, remixCredit: 'avalon and tristan', namedMix: null }],
    ['Karbed, X-side & Cronick Remix', { tags: [], remix: true, remixCredit: 'karbed x side and cronick', namedMix: null }],
    ['Vini Vici Extended Remix', { tags: ['extended'], remix: true, remixCredit: 'vini vici', namedMix: null }],
    ["Armin's Remix", { tags: [], remix: true, remixCredit: 'armin', namedMix: null }],
    ['Remix', { tags: [], remix: true, remixCredit: null, namedMix: null }],
    ['Tristan Edit', { tags: [], remix: true, remixCredit: 'tristan', namedMix: null }],
    ['Remixed by Ace Ventura', { tags: [], remix: true, remixCredit: 'ace ventura', namedMix: null }],
  ])('reads %j', (text, expected) => {
    expect(parseVersionDescriptor(text)).toEqual(expected);
  });

  it.each([
    ['Live at Ozora 2019', 'live'],
    ['Sped Up', 'sped_up'],
    ['Slowed + Reverb', 'slowed'],
    ['Nightcore', 'nightcore'],
    ['Karaoke Version', 'karaoke'],
    ['Instrumental', 'instrumental'],
    ['Acapella', 'acapella'],
    ['Piano Cover', 'cover'],
    ['Acoustic Version', 'acoustic'],
    ['8D Audio', 'altered'],
  ])('tags %j as %s', (text, tag) => {
    expect(parseVersionDescriptor(text)?.tags).toContain(tag);
  });

  it('says nothing about a part that is not a version', () => {
    expect(parseVersionDescriptor('Tonnano Anthem')).toBeNull();
    expect(parseVersionDescriptor('Nano Records')).toBeNull();
  });
});

describe('parseTitle (YouTube Music result names)', () => {
  it('separates the title from a bracketed version', () => {
    const parsed = parseTitle('Viento (Extended Mix)');
    expect(parsed.title).toBe('viento');
    expect(parsed.version.tags).toEqual(['extended']);
  });

  it('reads a version after a dash', () => {
    const parsed = parseTitle('Horizons - Phaxe Remix');
    expect(parsed.title).toBe('horizons');
    expect(parsed.version.remixCredit).toBe('phaxe');
  });

  it('reads "Artist - Title" uploads, dropping producer credits and video noise', () => {
    const parsed = parseTitle('Fresku - Eind Hoger (prod. Teemong) [Official Video]');
    expect(parsed.artistPrefix).toBe('fresku');
    expect(parsed.title).toBe('eind hoger');
    expect(parsed.version).toEqual({ tags: [], remix: false, remixCredit: null, namedMix: null });
  });

  it('collects featured artists in brackets and inline', () => {
    expect(parseTitle('Quatro Baby (feat. Latifah & Henkie T)').featured).toEqual(['latifah and henkie t']);
    const inline = parseTitle('Fresku ft. Winne - Nieuwe Dag');
    expect(inline.artistPrefix).toBe('fresku');
    expect(inline.title).toBe('nieuwe dag');
    expect(inline.featured).toEqual(['winne']);
  });

  it('spots a live set or a sped-up upload outside brackets', () => {
    expect(parseTitle('Astrix live at Ozora Festival 2019').version.tags).toContain('live');
    expect(parseTitle('viento sped up').version.tags).toContain('sped_up');
  });

  it('keeps a title that only contains a version word after a dash', () => {
    const parsed = parseTitle('Oasis - Live Forever');
    expect(parsed.title).toBe('live forever');
    expect(parsed.version.tags).toEqual([]);
  });

  it('stacks a remix and an edit', () => {
    const parsed = parseTitle('Free Tibet (Vini Vici Remix) [Radio Edit]');
    expect(parsed.title).toBe('free tibet');
    expect(parsed.version).toMatchObject({ remix: true, remixCredit: 'vini vici', tags: ['radio'] });
  });

  it('keeps a subtitle as another reading of the title', () => {
    const parsed = parseTitle('Los van Beton (Tonnano Anthem)');
    expect(parsed.title).toBe('los van beton');
    expect(parsed.readings).toContain('los van beton tonnano anthem');
  });
});
