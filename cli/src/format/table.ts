// Plain-text tables for a terminal or a log: columns padded to their widest cell, the
// widest column shortened with an ellipsis when the table would not fit the width.
export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** This column gives up width first when the table is too wide. */
  shrink?: boolean;
}

const ELLIPSIS = '…';

/** Display width, counting every code point as one column (good enough for names and ids). */
function widthOf(text: string): number {
  return [...text].length;
}

export function truncate(text: string, width: number): string {
  if (widthOf(text) <= width) return text;
  if (width <= 1) return ELLIPSIS.slice(0, width);
  return `${[...text].slice(0, width - 1).join('')}${ELLIPSIS}`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - widthOf(text)));
  return align === 'right' ? `${fill}${text}` : `${text}${fill}`;
}

export function renderTable(columns: Column[], rows: string[][], maxWidth = Infinity): string {
  const widths = columns.map((column, i) => Math.max(widthOf(column.header), ...rows.map((row) => widthOf(row[i] ?? ''))));
  const gap = 2;
  const total = () => widths.reduce((sum, width) => sum + width, 0) + gap * (columns.length - 1);
  const floorOf = (i: number) => Math.max(widthOf(columns[i].header), 12);
  // Take from the widest shrinkable column, down to the next widest, so they end up alike.
  let shrinkable = columns.map((column, i) => (column.shrink ? i : -1)).filter((i) => i >= 0 && widths[i] > floorOf(i));
  while (total() > maxWidth && shrinkable.length) {
    const [widest, next] = [...shrinkable].sort((a, b) => widths[b] - widths[a]);
    const target = Math.max(floorOf(widest), next === undefined ? 0 : widths[next] - 1);
    widths[widest] -= Math.max(1, Math.min(widths[widest] - target, total() - maxWidth));
    shrinkable = shrinkable.filter((i) => widths[i] > floorOf(i));
  }
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(truncate(cell, widths[i]), widths[i], columns[i].align ?? 'left'))
      .join(' '.repeat(gap))
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
