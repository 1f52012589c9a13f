/**
 * Starts the Ink application on a terminal and resolves when the user quits. When the
 * events come through stdin, keys are read from the controlling terminal instead.
 */
import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { render } from 'ink';
import { App } from './components/app.tsx';
import type { TailStore } from './store.ts';

export interface RunTuiOptions {
  store: TailStore;
  /** True when stdin carries the events, so keys must come from /dev/tty. */
  stdinIsInput: boolean;
  /** Quits as `q` does when it aborts (SIGTERM, SIGHUP, a SIGINT from outside). */
  stop?: AbortSignal | undefined;
  maxFps?: number;
}

function keyboard(stdinIsInput: boolean): NodeJS.ReadStream {
  if (!stdinIsInput && process.stdin.isTTY) return process.stdin;
  return new ReadStream(openSync('/dev/tty', 'r'));
}

/** Resolves once the user pressed q (or Ctrl-C); the caller stops the source. */
export async function runTui(options: RunTuiOptions): Promise<void> {
  const stdin = keyboard(options.stdinIsInput);
  let quit: () => void = () => {};
  const quitting = new Promise<void>((resolve) => {
    quit = resolve;
  });
  const instance = render(<App store={options.store} onQuit={() => quit()} />, {
    stdin,
    exitOnCtrlC: true,
    patchConsole: true,
    maxFps: options.maxFps ?? 20,
  });
  if (options.stop?.aborted) quit();
  options.stop?.addEventListener('abort', () => quit(), { once: true });
  await Promise.race([quitting, instance.waitUntilExit()]);
  instance.unmount();
  instance.cleanup();
  if (stdin !== process.stdin) stdin.destroy();
}
