/**
 * Log text is written by whoever can write to a log group, and shown on someone's terminal:
 * an escape sequence in a message, a stream or a function name could set the window title,
 * write to the clipboard (OSC 52), hide text or draw a link to anywhere. What lambdalens
 * prints as text shows every control character instead: C0 ones as `^X` (`^[` for ESC), DEL
 * as `^?`, the 8-bit CSI as `^[[`, other C1 controls and the bidirectional overrides and
 * isolates (which reorder what is read) as `<U+202E>`. Tabs and line breaks are kept: they
 * are how log lines are laid out. NDJSON needs none of this: JSON escapes them.
 *
 * Characters that draw nothing yet are part of the text are shown the same way: zero-width
 * space, non-joiner and joiner, the left-to-right and right-to-left marks (U+200B–U+200F),
 * the line and paragraph separators (U+2028/U+2029), the word joiner and invisible operators
 * (U+2060–U+2064) and a byte order mark (U+FEFF). A line holding them reads the same as one
 * without (a search for what is on screen fails), and the marks reorder what is read (the
 * "Trojan Source" problem). A joiner between two pictographs is kept: that is how emoji
 * sequences (👨‍👩‍👧) are written.
 */

const SHOWN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is replaced
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const PICTOGRAPH_BEFORE = /\p{Extended_Pictographic}[\u{1f3fb}-\u{1f3ff}\ufe0f]?$/u;
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `^${String.fromCharCode((code + 64) & 127)}`;
  if (code === 0x9b) return '^[[';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * What `visible` writes for a character (`^X`, `^[[`, `<U+202E>`), as a pattern: a layout
 * that breaks shown text into rows keeps each whole.
 */
export const SHOWN_CONTROL = /\^\[\[|\^[?@-_]|<U\+[0-9A-F]{4}>/g;

/** `text` with its control and invisible characters shown, not sent (see above), in one pass. */
export function showControls(text: string): string {
  return text.replace(SHOWN, (c: string, at: number) =>
    // A joiner between two pictographs (no character shown here is one) writes an emoji.
    c === '\u200d' &&
    PICTOGRAPH_BEFORE.test(text.slice(Math.max(0, at - 3), at)) &&
    PICTOGRAPH_AFTER.test(text.slice(at + 1, at + 3))
      ? c
      : visible(c),
  );
}

/**
 * `text` as a value inside one line (a table cell, a name quoted in a warning): its control
 * characters shown as above, and its tabs and line breaks too (`^I`, `^J`), which would
 * otherwise shift the columns or start a line that reads as lambdalens's own.
 */
export function showControlsInLine(text: string): string {
  return showControls(text).replace(/[\t\n]/g, visible);
}
