/**
 * The terminal as the tail borrows it: the alternate screen (so the shell's scrollback is
 * untouched after quitting), raw keys from the controlling terminal, and everything put
 * back on every way out: quit, Ctrl-C, a signal, an error, or the process exiting under
 * us. Keys are always read from /dev/tty, so stdin stays free for input and the stream
 * can be closed and reopened around a pager.
 */
import { openSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';

const ENTER_ALT = '\u001B[?1049h\u001B[H\u001B[2J';
const LEAVE_ALT = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';
// Autowrap off while the screen is ours: a line wider than the terminal (a frame laid out
// for the size before a resize) is cut at the edge instead of wrapping and scrolling the
// whole screen, which would leave every line off by one until it next changed.
const NO_WRAP = '\u001B[?7l';
const WRAP = '\u001B[?7h';

export interface TerminalSession {
  /** Where keys come from (the controlling terminal). */
  keyboard(): ReadStream;
  /** Takes the screen: alternate buffer, cursor hidden. */
  enter(): void;
  /** Gives the screen back: cursor shown, main buffer (with the shell's history) restored, cooked mode. */
  leave(): void;
  /** Puts raw mode back (another process on this terminal reset it, or we were resumed). */
  rearm(): void;
  /** Closes the keyboard so another program (a pager) can read the terminal; `keyboard()` reopens it. */
  releaseKeyboard(): void;
  /** Sets the clipboard through the terminal (OSC 52): works over SSH and in tmux with set-clipboard. */
  copy(text: string): void;
  /** Restores everything and removes the exit guard. */
  close(): void;
}

export function openTerminal(out: NodeJS.WriteStream = process.stdout): TerminalSession {
  let keys: ReadStream | null = null;
  let onScreen = false;
  const write = (text: string): void => {
    try {
      writeSync((out as { fd?: number }).fd ?? 1, text);
    } catch {
      // the terminal is gone (hung up): nothing left to restore
    }
  };
  const cooked = (): void => {
    if (keys && !keys.destroyed && keys.isTTY) {
      try {
        keys.setRawMode(false);
      } catch {
        // closed under us
      }
    }
  };
  /** Last resort: the process is exiting (an uncaught error, process.exit) with the screen taken. */
  const guard = (): void => {
    cooked();
    if (onScreen) write(`${WRAP}${SHOW_CURSOR}${LEAVE_ALT}`);
  };
  process.on('exit', guard);

  return {
    keyboard() {
      if (keys === null || keys.destroyed) keys = new ReadStream(openSync('/dev/tty', 'r'));
      return keys;
    },
    enter() {
      if (onScreen) return;
      write(`${ENTER_ALT}${HIDE_CURSOR}${NO_WRAP}`);
      onScreen = true;
    },
    leave() {
      cooked();
      if (!onScreen) return;
      write(`${WRAP}${SHOW_CURSOR}${LEAVE_ALT}`);
      onScreen = false;
    },
    rearm() {
      if (!keys || keys.destroyed || !keys.isTTY || !onScreen) return;
      // libuv skips setting a mode it believes is already set: go through cooked to apply raw again.
      keys.setRawMode(false);
      keys.setRawMode(true);
    },
    releaseKeyboard() {
      cooked();
      keys?.destroy();
      keys = null;
    },
    copy(text) {
      // Written straight to the terminal: an OSC sequence moves no cursor and draws nothing.
      write(`\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`);
    },
    close() {
      this.leave();
      keys?.destroy();
      keys = null;
      process.off('exit', guard);
    },
  };
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

export interface CapturedOutput {
  /** Stops capturing and hands back what was written. */
  release(): string;
}

/**
 * While Ink owns the terminal nothing else may write to it: console calls and stderr
 * writes (SDK warnings, a library's log line) are kept, passed to `onLine` to show in the
 * UI, and written out for real after the screen is given back.
 */
export function captureOutput(onLine: (line: string) => void): CapturedOutput {
  const kept: string[] = [];
  const MAX_KEPT = 200;
  const stderrWrite = process.stderr.write;
  const con = globalThis.console;
  const originals = METHODS.map((name) => [name, con[name]] as const);
  const take = (text: string): void => {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      if (kept.length < MAX_KEPT) kept.push(line);
      onLine(line);
    }
  };
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    take(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stderr.write;
  const toCapture = (...args: unknown[]): void =>
    take(args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '));
  for (const name of METHODS) con[name] = toCapture;
  return {
    release() {
      process.stderr.write = stderrWrite;
      for (const [name, original] of originals) con[name] = original;
      return kept.length > 0 ? `${kept.join('\n')}\n` : '';
    },
  };
}
