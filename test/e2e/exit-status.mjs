/**
 * Runs a command on this terminal and writes how it ended to a file, outliving the terminal:
 * `node exit-status.mjs STATUS_FILE STDERR_FILE COMMAND ARGS...`, started with its own
 * standard streams away from the terminal. The command gets the terminal (/dev/tty) as
 * stdin and stdout, and its stderr goes to STDERR_FILE. The hang-up that closing the
 * terminal sends is heard and ignored here: a handler, which the command does not inherit.
 */
import { spawn } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';

const [statusFile, stderrFile, command, ...args] = process.argv.slice(2);
process.on('SIGHUP', () => {});
const tty = openSync('/dev/tty', 'r+');
const child = spawn(command, args, { stdio: [tty, tty, openSync(stderrFile, 'w')] });
child.on('exit', (code, signal) => writeFileSync(statusFile, JSON.stringify({ code, signal })));
