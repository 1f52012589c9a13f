/**
 * A line of the CLI's own words on stderr, written as all of them are: `lambdalens: ` before
 * it, so a reader (or a script) tells them from the output and from other tools' words.
 */
import { showControlsInLine } from '../../collectors/kernel/index.ts';

export function sayLine(line: string, err: NodeJS.WritableStream = process.stderr): void {
  err.write(`lambdalens: ${line}\n`);
}

/**
 * `sayLine` for a line that quotes what others wrote (a name or a message from the logs, a
 * server's answer): its control characters are shown, not sent to the terminal.
 */
export function sayQuoting(line: string, err: NodeJS.WritableStream = process.stderr): void {
  sayLine(showControlsInLine(line), err);
}
