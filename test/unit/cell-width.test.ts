/**
 * Text measured in terminal columns (collectors/kernel/cell-width.ts), as the terminal UI
 * lays out its screen and the cost table pads its cells: East Asian wide and fullwidth
 * characters take two columns, nonspacing and enclosing marks of any script none.
 */
import { describe, expect, it } from 'vitest';
import { cellWidth, padEndCells, padStartCells, takeCells } from '../../collectors/kernel/index.ts';

describe('cell width', () => {
  it('counts wide and fullwidth characters as two columns', () => {
    expect(cellWidth('注文-api')).toBe(8);
    expect(cellWidth('ＡＰＩ-gateway')).toBe(14);
    expect(cellWidth('주문-api')).toBe(8);
    expect(cellWidth('plain-name')).toBe(10);
  });

  it('counts combining marks of every script as none', () => {
    // e and a combining acute; Thai with a vowel mark above; Devanagari with a nukta; Hebrew points.
    expect(cellWidth('cafe\u0301')).toBe(4);
    expect(cellWidth('\u0e01\u0e31')).toBe(1);
    expect(cellWidth('\u0915\u093c')).toBe(1);
    expect(cellWidth('\u05e9\u05c1\u05b8')).toBe(1);
    expect(cellWidth('x\u20dd')).toBe(1);
  });

  it('pads to a width in columns, and cuts without splitting a wide character', () => {
    expect(padEndCells('注文-api', 10)).toBe('注文-api  ');
    expect(padStartCells('注文', 6)).toBe('  注文');
    expect(padEndCells('cafe\u0301', 6)).toBe('cafe\u0301  ');
    expect(padEndCells('注文-api', 4)).toBe('注文-api');
    expect(takeCells('注文-api', 3)).toBe('注');
    expect(takeCells('cafe\u0301-api', 4)).toBe('cafe\u0301');
  });
});
