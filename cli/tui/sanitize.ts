/** Data made safe to draw: what the tail shows of a log is never a command to the terminal. */
import { showControls } from '../output/control-chars.ts';

/**
 * Characters that draw nothing yet are part of the text: zero-width space, non-joiner and
 * joiner, the left-to-right and right-to-left marks (U+200B–U+200F), the line and paragraph
 * separators (U+2028/U+2029), the word joiner and invisible operators (U+2060–U+2064) and
 * a byte order mark (U+FEFF). A line holding them reads the same as one without, and marks
 * reorder what is read (the "Trojan Source" problem), so they are shown as `<U+200B>`, as
 * the bidi overrides and isolates already are. A joiner between two pictographs is kept:
 * that is how emoji sequences (👨‍👩‍👧) are written.
 */
const INVISIBLE = /[\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff]/g;
const PICTOGRAPH_BEFORE = /\p{Extended_Pictographic}[\u{1f3fb}-\u{1f3ff}\ufe0f]?$/u;
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u;

function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (c, at: number) => {
    if (
      c === '\u200d' &&
      PICTOGRAPH_BEFORE.test(text.slice(Math.max(0, at - 3), at)) &&
      PICTOGRAPH_AFTER.test(text.slice(at + 1, at + 3))
    )
      return c;
    return `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

/**
 * Control characters in data (a log stream or file name, a message) would set the window
 * title, change colours or move the cursor: they are shown as `^X` (tab as a space, which a
 * cell measures as one column), and invisible format characters as `<U+200B>` (above).
 * Every line is painted through this, so no field can reach the terminal raw; layouts that
 * measure text before painting (cells, wrapped lines) call it too, to measure what is drawn.
 * Copies and exports take the log's own text, not this.
 */
export function sanitize(text: string): string {
  return showInvisible(showControls(text.replace(/\t/g, ' ')));
}
