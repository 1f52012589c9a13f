/**
 * A platform line's figure as `parseFloat` reads it: NaN when it reads as no number (`NaN`,
 * `abc`), ±Infinity for `Infinity` or `1e999`, so a message can say which it was. Either is
 * a figure written but unusable, which the report-value checks name
 * (collectors/report-values.ts) rather than take for a figure not written (null).
 *
 * Digits grouped by commas (`1,024`, `1,234.5`), as some exports and consoles render
 * figures, are the whole number. `parseFloat` stops at the first comma, so `Memory Size:
 * 1,024 MB` read as 1 MB and `Billed Duration: 1,234 ms` as 1 ms, which would be priced; any
 * other comma (`1,5`, `12,34`) leaves no way to tell what was meant, so such a figure is
 * unreadable (NaN), named as the other unreadable figures are, never priced.
 */

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Digits in groups of three after the first one to three. */
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** A figure that is not a plain decimal: grouped digits whole, another comma NaN, else `parseFloat`. */
function otherFigure(text: string): number {
  if (!text.includes(',')) return Number.parseFloat(text);
  return GROUPED.test(text) ? Number.parseFloat(text.replaceAll(',', '')) : Number.NaN;
}

/**
 * The number written in `text` from `start` to `end`. Plain decimals (digits and at most
 * one point, 15 digits at most), nearly every figure of a REPORT, are worked out here: an
 * integer below 2^53 divided by a power of ten is one correctly rounded operation, as
 * `parseFloat` is, so both give the same double, and the five figures of a REPORT took a
 * quarter of reading one through `parseFloat`. Read in place, a figure needs no string of
 * its own.
 */
export function numberIn(text: string, start: number, end: number): number {
  let n = 0;
  let digits = 0;
  let point = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
    } else if (c === 46 && point < 0) {
      point = i;
    } else {
      digits = -1;
      break;
    }
  }
  if (digits > 0 && digits <= 15) return point < 0 ? n : n / (POWERS_OF_TEN[end - point - 1] as number);
  return otherFigure(text.slice(start, end));
}

/**
 * Reads figures that end at a space, as a line of a known shape has them (`exact-report.ts`):
 * each as `numberIn` reads it from its start to that space, which is found in the same pass.
 * Finding the space first (`indexOf`, a call out of the compiled code) and then reading the
 * figure took two passes and a fifth of reading a REPORT. Its loop is `numberIn`'s with the
 * end found on the way rather than given, kept apart for that speed; a test holds the two
 * to the same figures on fuzzed values.
 */
export class FigureReader {
  /** Where the figure last read ended: its space. */
  end = 0;

  /** The figure from `start` to the first space after it (or the text's end). */
  read(text: string, start: number): number {
    let n = 0;
    let digits = 0;
    let point = -1;
    let plain = true;
    let i = start;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        n = n * 10 + (c - 48);
        digits++;
      } else if (c === 46 && point < 0) {
        point = i;
      } else if (c === 32) {
        break;
      } else {
        // Not a plain decimal: `otherFigure` reads it, once its end is found.
        plain = false;
      }
    }
    this.end = i;
    if (plain && digits > 0 && digits <= 15)
      return point < 0 ? n : n / (POWERS_OF_TEN[i - point - 1] as number);
    return otherFigure(text.slice(start, i));
  }
}

/** A whole field's number (see `numberIn`); null for an absent field. */
export function fieldNumber(value: string | undefined): number | null {
  return value === undefined ? null : numberIn(value, 0, value.length);
}
