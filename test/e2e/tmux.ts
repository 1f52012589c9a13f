/** Drives a real terminal: a detached tmux session of fixed size, keys in, screen text out. */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const TMUX = '/usr/bin/tmux';

export interface TmuxSession {
  name: string;
  /** The visible screen as text. */
  screen(): string;
  /** The visible screen with its colour and attribute escape sequences. */
  styledScreen(): string;
  /** The pane's title, as a program sets it with OSC 0 or 2. */
  title(): string;
  /** Everything the pane holds: the history above the screen, then the screen. */
  history(): string;
  keys(...keys: string[]): void;
  /** Sends the keys in one tmux command, as a person typing ahead: they arrive together. */
  burst(...keys: string[]): void;
  /** Resizes the terminal, as a person dragging the window's corner does. */
  resize(width: number, height: number): void;
  /** Types text literally (no key-name lookup). */
  type(text: string): void;
  waitFor(predicate: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
  /** tmux's paste buffer (where an application's OSC 52 copy lands with set-clipboard on). */
  buffer(): string;
  /** Process ID of the command running in the pane (the shell in `shell` mode). */
  panePid(): number;
  kill(): void;
}

export interface SessionOptions {
  width?: number;
  height?: number;
  /** Extra environment for the command (TERM, CI, NO_COLOR…). */
  env?: Record<string, string>;
  /**
   * Start an interactive shell with job control and type the command into it, as a person
   * would (Ctrl-Z, `fg`, the shell's own history before and after the run).
   */
  shell?: boolean;
}

let counter = 0;

export function startSession(command: string, cwd: string, width = 160, height = 45): TmuxSession {
  return openSession(command, cwd, { width, height });
}

export function openSession(command: string, cwd: string, options: SessionOptions = {}): TmuxSession {
  const name = `lambdalens-e2e-${process.pid}-${Date.now()}-${counter++}`;
  // A server of its own per session: sessions of test files running in parallel on one
  // shared server race it when the last session ends and the server exits under a new one.
  const tmux = (...args: string[]): string =>
    execFileSync(TMUX, ['-L', name, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  const env = Object.entries(options.env ?? {})
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  const run = `${env ? `env ${env} ` : ''}${command}; echo "EXITED $?"`;
  tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    String(options.width ?? 160),
    '-y',
    String(options.height ?? 45),
    '-c',
    cwd,
    options.shell ? 'bash --norc --noprofile -i' : `${run}; sleep 60`,
  );
  tmux('set-option', '-t', name, 'history-limit', '5000');
  tmux('set-option', '-s', 'set-clipboard', 'on');
  const socket = tmux('display-message', '-p', '#{socket_path}').trim();
  const session: TmuxSession = {
    name,
    screen: () => tmux('capture-pane', '-p', '-t', name),
    styledScreen: () => tmux('capture-pane', '-p', '-e', '-t', name),
    title: () => tmux('display-message', '-p', '-t', name, '#{pane_title}').trim(),
    history: () => tmux('capture-pane', '-p', '-S', '-', '-t', name),
    keys: (...keys) => {
      for (const key of keys) tmux('send-keys', '-t', name, key);
    },
    burst: (...keys) => {
      tmux('send-keys', '-t', name, ...keys);
    },
    resize: (width, height) => {
      tmux('resize-window', '-t', name, '-x', String(width), '-y', String(height));
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
    buffer: () => {
      try {
        return tmux('show-buffer');
      } catch {
        return '';
      }
    },
    panePid: () => Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim()),
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
  if (options.shell) {
    // A prompt without colours or the working directory, so screens compare as text.
    session.type(`PS1='$ '; ${run}`);
    session.keys('Enter');
  }
  return session;
}

/** Lines of the invocation list (they start with a clock), in screen order. */
export function listRows(screen: string): string[] {
  return screen.split('\n').filter((line) => /^[›> ][■@ ] (\d\d-\d\d )?\d\d:\d\d:\d\d\.\d{3} /.test(line));
}

/** The screen's first line: which view is up (`lambdalens tail · invocations · …`). */
export function titleOf(screen: string): string {
  return screen.split('\n')[0] ?? '';
}

export const isDetail = (screen: string): boolean =>
  /^lambdalens tail · invocation( ·|\s*$)/.test(titleOf(screen));
export const isList = (screen: string): boolean =>
  titleOf(screen).startsWith('lambdalens tail · invocations');
/** The request ID at the end of a list row (full width). */
export const requestIdOf = (row: string): string =>
  /([0-9a-f]{8}-[0-9a-z]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*$/.exec(row)?.[1] ?? '';
