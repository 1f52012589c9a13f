/**
 * The row and summary cells of `tail` are measured in the columns a terminal draws, as the
 * cost table's are: a function read from a file named 注文-api.log, or a message in
 * Japanese, took two columns a character and pushed every column after it to the right
 * (or past the screen's edge), since cells were padded and cut by UTF-16 length.
 */
import { describe, expect, it } from 'vitest';
import { fitRight, padCell, padMiddle } from '../../../cli/tui/format.ts';
import { cellWidth } from '../../../collectors/kernel/index.ts';

describe('tail cells by terminal columns', () => {
  it('pads a double-width or combined name to the columns it is given', () => {
    expect(padCell('注文-api', 10)).toBe('注文-api  ');
    expect(cellWidth(padCell('注文-api', 10))).toBe(10);
    expect(padCell('café-api', 10)).toBe('café-api  ');
    expect(padCell('cafe\u0301-api', 10)).toBe('cafe\u0301-api  ');
    expect(padMiddle('注文-api', 10)).toBe('注文-api  ');
    expect(fitRight('１２３', 8)).toBe('  １２３');
  });

  it('cuts one too wide at a column, never through a wide character, and fills what is left', () => {
    // 注文処理-handler: 16 columns, cut to 9 with its ellipsis.
    expect(padCell('注文処理-handler', 9)).toBe('注文処理…');
    expect(cellWidth(padCell('注文処理-handler', 9))).toBe(9);
    // A wide character that would straddle the edge is left out, a space filling the cell.
    expect(padCell('注文処理-handler', 8)).toBe('注文処… ');
    expect(cellWidth(padCell('注文処理-handler', 8))).toBe(8);
    expect(cellWidth(padMiddle('注文処理-注文処理-handler', 11))).toBe(11);
    expect(padMiddle('注文処理-注文処理-handler', 11)).toBe('注文…andler');
    expect(fitRight('１２３４５', 5)).toBe('１２ ');
    expect(cellWidth(fitRight('１２３４５', 5))).toBe(5);
  });

  it('keeps ASCII cells as they were', () => {
    expect(padCell('orders-api', 12)).toBe('orders-api  ');
    expect(padCell('orders-api-handler', 10)).toBe('orders-ap…');
    expect(padMiddle('orders-api-prod-handler', 11)).toBe('order…ndler');
    expect(fitRight('12.5 ms', 9)).toBe('  12.5 ms');
    expect(fitRight('123456', 4)).toBe('1234');
  });
});
