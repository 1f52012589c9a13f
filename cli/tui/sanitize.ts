/** Data made safe to draw: what the tail shows of a log is never a command to the terminal. */

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is replaced
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g;

/**
 * Control characters in data (a log stream or file name, a message) would set the window
 * title, change colours or move the cursor: they are shown as `^X` (tab as a space). Every
 * line is painted through this, so no field can reach the terminal raw; layouts that
 * measure text before painting (cells, wrapped lines) call it too, to measure what is drawn.
 */
export function sanitize(text: string): string {
  return text
    .replace(/\t/g, ' ')
    .replace(CONTROL, (c) =>
      c === '\u009b' ? '^[[' : `^${String.fromCharCode((c.charCodeAt(0) + 64) & 127)}`,
    );
}
