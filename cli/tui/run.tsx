/**
 * Runs the Ink application on the terminal until the user quits. The App is mounted on
 * the alternate screen; a suspend (Ctrl-Z) or a pager unmounts it, gives the terminal
 * back, and mounts it again afterwards from the state it had, so every return starts from
 * a clean screen. The user's stop (a signal) ends it like `q` does, and the terminal is
 * restored on every way out.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { render } from 'ink';
import { App } from './components/app.tsx';
import type { TuiHost } from './components/hooks.ts';
import { exportPieces, parseExportTarget } from './export.ts';
import { createFrameWriter } from './frame-writer.ts';
import type { GlyphSet } from './glyphs.ts';
import type { TailStore } from './store.ts';
import { captureOutput, openTerminal, type TerminalSession } from './terminal.ts';
import { INITIAL_UI_STATE, type UiState } from './ui-state.ts';

export interface RunTuiOptions {
  store: TailStore;
  glyphs: GlyphSet;
  /** Region for console links when the logs do not say. */
  region: string | null;
  /** Settles when the input ends: another program on this terminal may have reset its modes. */
  inputEnded?: Promise<unknown>;
  /** Ends the screen as `q` does when it aborts (SIGTERM, SIGHUP, a SIGINT from outside; see cli/stop.ts). */
  stop?: AbortSignal | undefined;
  maxFps?: number;
}

type Leave =
  | { kind: 'quit' }
  | { kind: 'suspend' }
  /** `said`: the notice shown once the list is back (the list that asked is gone by then). */
  | { kind: 'pager'; pieces: Iterable<string>; said: string };

function invocationsOf(store: TailStore, ids: readonly string[]) {
  return ids.flatMap((id) => {
    const detail = store.detail(id);
    return detail ? [detail.invocation] : [];
  });
}

/** Runs `$PAGER` (else `less -R`) on the text, with the terminal to itself, as the pager reads it. */
function page(pieces: Iterable<string>): Promise<void> {
  const command = process.env.PAGER || 'less -R';
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'] });
    child.on('error', () => resolve());
    child.on('close', () => resolve());
    child.stdin.on('error', () => {}); // the pager quit before reading everything
    Readable.from(pieces).pipe(child.stdin);
  });
}

/** Stops this process (and the rest of its job, for Ctrl-Z) until the shell continues it. */
function stopUntilContinued(wholeJob: boolean): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGCONT', () => resolve());
    try {
      // SIGTSTP to the job stops the producer piping into us too, as Ctrl-Z would in cooked
      // mode; our own SIGTSTP listener turns it into SIGSTOP for this process.
      process.kill(wholeJob ? 0 : process.pid, wholeJob ? 'SIGTSTP' : 'SIGSTOP');
    } catch {
      resolve();
    }
  });
}

/** Resolves once the user quit (q, Ctrl-C) or a signal asked the tail to stop; the caller stops the source. */
export async function runTui(options: RunTuiOptions): Promise<void> {
  const { store } = options;
  const term: TerminalSession = openTerminal();
  let state: UiState = INITIAL_UI_STATE;
  let leave: ((how: Leave) => void) | null = null;
  let quitting = false;
  let mounted = false;
  const requestQuit = (): void => {
    quitting = true;
    leave?.({ kind: 'quit' });
  };
  const onStop = (): void => {
    if (mounted) leave?.({ kind: 'suspend' });
    else process.kill(process.pid, 'SIGSTOP');
  };
  // SIGTERM, SIGHUP and SIGINT are the user's stop (main turns them into `stop`); a second
  // one ends the process at once, and the exit guard of terminal.ts gives the screen back.
  if (options.stop?.aborted) quitting = true;
  options.stop?.addEventListener('abort', requestQuit, { once: true });
  process.on('SIGTSTP', onStop);
  options.inputEnded?.then(
    () => term.rearm(),
    () => term.rearm(),
  );
  let messages = 0;
  const captured = captureOutput((line) =>
    store.setSource({ messages: { count: ++messages, latest: line } }),
  );

  const host: TuiHost = {
    copy: (text) => term.copy(text),
    async exportTo(ids, target) {
      const parsed = parseExportTarget(target);
      const pieces = exportPieces(invocationsOf(store, ids), parsed.format);
      if (parsed.kind === 'pager') {
        const said = `showed ${ids.length} invocation(s) in the pager`;
        leave?.({ kind: 'pager', pieces, said });
        return said;
      }
      await writeFile(parsed.path, pieces);
      return `exported ${ids.length} invocation(s) to ${parsed.path} (${parsed.format})`;
    },
    suspend: () => leave?.({ kind: 'suspend' }),
    quit: requestQuit,
  };

  try {
    while (!quitting) {
      term.enter();
      const frames = createFrameWriter({ out: process.stdout, maxFps: options.maxFps ?? 20 });
      const how = await new Promise<Leave>((resolve, reject) => {
        const instance = render(
          <App
            store={store}
            host={host}
            glyphs={options.glyphs}
            region={options.region}
            initialState={{ ...state, quit: false, effects: [] }}
            onState={(s) => {
              state = s;
            }}
          />,
          {
            stdin: term.keyboard(),
            // Whole frames to the frame writer, which redraws only the lines that changed.
            stdout: frames.stream as unknown as NodeJS.WriteStream,
            debug: true,
            exitOnCtrlC: true,
            patchConsole: false,
          },
        );
        mounted = true;
        let chosen: Leave = { kind: 'quit' }; // what Ctrl-C (Ink's own exit) means
        leave = (how) => {
          leave = null;
          chosen = how;
          instance.unmount();
        };
        // Rejects on an error in a component: the screen is given back and the error reported.
        instance.waitUntilExit().then(() => resolve(chosen), reject);
      }).finally(() => frames.close());
      mounted = false;
      term.leave();
      if (how.kind === 'quit') break;
      if (how.kind === 'pager') {
        term.releaseKeyboard();
        await page(how.pieces);
        state = { ...state, notice: { text: how.said, tone: 'info' } };
      } else {
        await stopUntilContinued(true);
      }
    }
  } finally {
    mounted = false;
    options.stop?.removeEventListener('abort', requestQuit);
    process.off('SIGTSTP', onStop);
    term.close();
    process.stderr.write(captured.release());
  }
}
