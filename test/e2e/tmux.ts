/** Drives a real terminal: a detached tmux session of fixed size, keys in, screen text out. */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const TMUX = '/usr/bin/tmux';

export interface TmuxSession {
  name: string;
  screen(): string;
  keys(...keys: string[]): void;
  /** Types text literally (no key-name lookup). */
  type(text: string): void;
  waitFor(predicate: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
  kill(): void;
}

let counter = 0;

export function startSession(command: string, cwd: string, width = 160, height = 45): TmuxSession {
  const name = `lambdalens-e2e-${process.pid}-${Date.now()}-${counter++}`;
  // A server of its own per session: sessions of test files running in parallel on one
  // shared server race it when the last session ends and the server exits under a new one.
  const tmux = (...args: string[]): string =>
    execFileSync(TMUX, ['-L', name, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    String(width),
    '-y',
    String(height),
    '-c',
    cwd,
    `${command}; echo "EXITED $?"; sleep 60`,
  );
  const socket = tmux('display-message', '-p', '#{socket_path}').trim();
  const session: TmuxSession = {
    name,
    screen: () => tmux('capture-pane', '-p', '-t', name),
    keys: (...keys) => {
      for (const key of keys) tmux('send-keys', '-t', name, key);
    },
    type: (text) => {
      tmux('send-keys', '-t', name, '-l', text);
    },
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = session.screen();
        if (predicate(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`screen never matched within ${timeoutMs} ms; last screen:\n${last}`);
    },
    kill: () => {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
      // tmux leaves its socket file behind.
      rmSync(socket, { force: true });
    },
  };
  return session;
}

/** Lines of the invocation list (they start with a clock), in screen order. */
export function listRows(screen: string): string[] {
  return screen.split('\n').filter((line) => /^[› ] \d\d:\d\d:\d\d\.\d{3} /.test(line));
}

/** The screen's first line: which view is up (`lambdalens tail · invocations · …`). */
export function titleOf(screen: string): string {
  return screen.split('\n')[0] ?? '';
}

export const isDetail = (screen: string): boolean =>
  /^lambdalens tail · invocation( ·|\s*$)/.test(titleOf(screen));
export const isList = (screen: string): boolean =>
  titleOf(screen).startsWith('lambdalens tail · invocations');
