/**
 * A terminal closed under a running command (the window shut, the SSH session dropped while
 * `tail` drew on it). Node 20 restores each standard stream that was a terminal to its
 * starting mode as the process exits, and aborts when that fails: on a terminal that has
 * gone it does (EIO), so a `tail` that had stopped cleanly on the hang-up ended in a crash
 * (exit 134 or 139, and a native stack trace) instead. Later Node versions ignore the
 * failure; here, a stream whose terminal is gone is closed before the exit, and Node, seeing
 * it closed, leaves it alone.
 */
import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';

const STDIO = [0, 1, 2] as const;

/** Which standard streams were terminals when the process started. */
const startedOnTerminal = STDIO.map((fd) => isatty(fd));

/**
 * Closes each standard stream that was a terminal and is one no longer: `isatty` asks the
 * terminal for its mode, which a hung-up terminal refuses. Called as the process exits,
 * when nothing more is written to them.
 */
export function releaseLostTerminals(): void {
  for (const fd of STDIO) {
    if (!startedOnTerminal[fd] || isatty(fd)) continue;
    try {
      closeSync(fd);
    } catch {
      // Closed already: Node leaves it alone too.
    }
  }
}
