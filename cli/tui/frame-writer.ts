/**
 * Draws Ink's frames on the alternate screen by rewriting only the lines that changed,
 * each placed by absolute cursor position, inside a synchronized-output block.
 *
 * Ink 6 (the last line for Node 20) either erases and redraws the whole frame, clears the
 * terminal with its scrollback when the frame is as tall as the screen, or, with
 * `incrementalRendering`, lands one line low after a frame that ends in a newline. So Ink
 * renders in debug mode (whole frames written to a stream, no cursor movement) into the
 * stream this module provides, and this module does the drawing.
 */
import { EventEmitter } from 'node:events';

const ESC = '\u001B[';
const BEGIN_SYNC = '\u001B[?2026h';
const END_SYNC = '\u001B[?2026l';
const CURSOR_WRITES = new Set(['\u001B[?25h', '\u001B[?25l']);

/** Escape sequences that turn the screen showing `previous` into `next` (lines of a frame). */
export function frameUpdate(
  previous: readonly string[] | null,
  next: readonly string[],
  rows: number,
): string {
  let out = previous === null ? `${ESC}H${ESC}2J` : '';
  const height = Math.min(rows, Math.max(next.length, previous?.length ?? 0));
  for (let i = 0; i < height; i++) {
    const line = next[i] ?? '';
    if (previous !== null && previous[i] === line) continue;
    // Erased first, then written: erasing after the text would also take a line's last
    // character when it fills the width (the cursor stays on the last column).
    out += `${ESC}${i + 1};1H${ESC}0m${ESC}2K${line}${ESC}0m`;
  }
  return out;
}

/** The part of a TTY write stream Ink reads: size, `resize`, `write`. */
export interface FrameStream extends EventEmitter {
  columns: number;
  rows: number;
  isTTY: boolean;
  write(chunk: string, callback?: () => void): boolean;
}

export interface FrameWriterOptions {
  /** The real terminal. */
  out: NodeJS.WriteStream;
  /** Frames drawn per second at most; a frame that comes sooner waits (only the newest is drawn). */
  maxFps: number;
}

export interface FrameWriter {
  /** Give this to Ink as `stdout` (with `debug: true`). */
  stream: FrameStream;
  /** Draws the newest frame now. */
  flush(): void;
  /** Forgets what is on screen, so the next frame is drawn whole (after a resize, a resume). */
  invalidate(): void;
  close(): void;
}

export function createFrameWriter(options: FrameWriterOptions): FrameWriter {
  const { out } = options;
  const interval = Math.max(1, Math.floor(1000 / options.maxFps));
  let shown: string[] | null = null;
  let pending: string | null = null;
  let lastDraw = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const draw = (): void => {
    timer = null;
    if (pending === null) return;
    const lines = pending.split('\n');
    pending = null;
    lastDraw = Date.now();
    const update = frameUpdate(shown, lines, out.rows || lines.length);
    shown = lines;
    if (update !== '') out.write(`${BEGIN_SYNC}${update}${END_SYNC}`);
  };

  const stream = new EventEmitter() as FrameStream;
  stream.columns = out.columns || 80;
  stream.rows = out.rows || 24;
  stream.isTTY = true;
  stream.write = (chunk, callback) => {
    // Ink writes whole frames in debug mode; an empty erase or its cursor show/hide is not a frame.
    if (chunk.length > 0 && !CURSOR_WRITES.has(chunk)) {
      pending = chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk;
      const wait = interval - (Date.now() - lastDraw);
      if (wait <= 0 && timer === null) draw();
      else timer ??= setTimeout(draw, Math.max(0, wait));
    }
    callback?.();
    return true;
  };
  const onResize = (): void => {
    stream.columns = out.columns || stream.columns;
    stream.rows = out.rows || stream.rows;
    shown = null;
    stream.emit('resize');
  };
  out.on('resize', onResize);

  return {
    stream,
    flush() {
      if (timer !== null) clearTimeout(timer);
      draw();
    },
    invalidate() {
      shown = null;
    },
    close() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      out.off('resize', onResize);
    },
  };
}
