/** Data made safe to draw: what the tail shows of a log is never a command to the terminal. */
import { showControls } from '../../collectors/kernel/index.ts';

/**
 * Control characters in data (a log stream or file name, a message) would set the window
 * title, change colours or move the cursor: they are shown as `^X` (tab as a space, which a
 * cell measures as one column), and invisible format characters as `<U+200B>` (see
 * control-chars.ts).
 * Every line is painted through this, so no field can reach the terminal raw; layouts that
 * measure text before painting (cells, wrapped lines) call it too, to measure what is drawn.
 * Copies and exports take the log's own text, not this.
 */
export function sanitize(text: string): string {
  return showControls(text.replace(/\t/g, ' '));
}
