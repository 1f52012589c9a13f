/**
 * The AWS SDK warns, once per process, that Node versions below 22 lose its support after
 * January 2027: nine lines through `process.emitWarning`, on every AWS command. This keeps
 * the news and drops the noise: one line, in lambdalens' own voice, and at most once a day,
 * as `gh` says a new release is out (a marker in the user's cache remembers when it was
 * last said; without a writable cache it is said each time, rather than never). Setting
 * `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true` still silences it (the SDK then
 * emits nothing).
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../collectors/kernel/index.ts';
import { sayLine } from './output/say-line.ts';

const SDK_WARNING = 'NodeVersionSupportWarning';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether the note was said in the last day; marks it said now when it was not. */
export function dueToday(marker: string, now = Date.now()): boolean {
  try {
    if (now - statSync(marker).mtimeMs < DAY_MS) return false;
  } catch {
    // No marker yet (or none readable): the note is due.
  }
  try {
    mkdirSync(join(marker, '..'), { recursive: true });
    writeFileSync(marker, `${new Date(now).toISOString()}\n`);
  } catch {
    // A cache that cannot be written forgets: the note is said again next time.
  }
  return true;
}

/** Replaces the SDK's Node support warning with one line on `err`, once a day; other warnings pass untouched. */
export function shortenNodeSupportWarning(
  err: NodeJS.WritableStream = process.stderr,
  marker: string = join(cacheDir(), 'node-support-note'),
): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  let shown = false;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (!text.startsWith(SDK_WARNING)) return emitWarning(warning, ...rest);
    if (shown) return;
    shown = true;
    if (!dueToday(marker)) return;
    const needs = /node >=(\d+)/.exec(text)?.[1] ?? '22';
    sayLine(
      `note: the AWS SDK supports Node ${process.versions.node.split('.')[0]} only until January 2027; ` +
        `use Node ${needs} or later (said once a day; AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true hides it)`,
      err,
    );
  }) as typeof process.emitWarning;
}
