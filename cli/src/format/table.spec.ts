import { renderTable, truncate } from './table';

describe('renderTable', () => {
  const columns = [{ header: '#', align: 'right' as const }, { header: 'track', shrink: true }, { header: 'score', align: 'right' as const }];

  it('pads every column to its widest cell, numbers to the right', () => {
    const table = renderTable(columns, [
      ['1', 'Astrix — Deep Jungle Walk', '0.90'],
      ['10', 'Neelix — Polaroid', '1.00'],
    ]);
    expect(table.split('\n')).toEqual([
      ' #  track                      score',
      '--  -------------------------  -----',
      ' 1  Astrix — Deep Jungle Walk   0.90',
      '10  Neelix — Polaroid           1.00',
    ]);
  });

  it('shortens a shrinkable column with an ellipsis to fit the width', () => {
    const lines = renderTable(columns, [['1', 'A very long artist name — and an even longer title (Extended Mix)', '0.90']], 40).split('\n');
    expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(40);
    expect(lines[2]).toMatch(/A very long artist.*… +0\.90$/);
  });

  it('never shortens a column below its header or twelve characters', () => {
    const lines = renderTable(columns, [['1', 'Some track title that is long', '0.90']], 10).split('\n');
    expect(lines[2]).toContain('Some track …');
  });
});

describe('truncate', () => {
  it.each([
    ['Polaroid', 8, 'Polaroid'],
    ['Polaroid', 5, 'Pola…'],
    ['Corpo e Canção', 7, 'Corpo …'],
  ])('truncates %s to %d columns', (text, width, expected) => {
    expect(truncate(text, width)).toBe(expected);
  });
});

describe('renderTable with two long columns', () => {
  it('shares the width between them instead of crushing one', () => {
    const columns = [{ header: 'track', shrink: true }, { header: 'why', shrink: true }];
    const [, , row] = renderTable(columns, [['a'.repeat(60), 'b'.repeat(40)]], 62).split('\n');
    const [track, why] = row.split('  ');
    expect([...row].length).toBeLessThanOrEqual(62);
    expect(Math.abs(track.length - why.length)).toBeLessThanOrEqual(1);
  });
});
