/**
 * A part's spool: the file a worker thread writes what it read into, which the main thread
 * copies out (or reads back) once every part is read and the parts are known to read as
 * one thread reads them.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readdirSync,
  rmSync,
  type WriteStream,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStreamWriter, LambdalensError, type StreamWriter } from '../../collectors/kernel/index.ts';
import { sayLine } from '../output/say-line.ts';

/** Why a spool's folder can refuse it: full, over quota, too big, read-only, not allowed, not a folder. */
const SPOOL_FAILURES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
  'EROFS',
  'EACCES',
  'EPERM',
  'ENOENT',
  'ENOTDIR',
]);

/** Whether an error is a spool's folder refusing it (see SPOOL_FAILURES), not a fault of the run. */
export function isSpoolFailure(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code !== undefined && SPOOL_FAILURES.has(code);
}

/** What went wrong with the spools, said with their folder (TMPDIR). */
function spoolFailureText(err: unknown): string {
  return `cannot write the reading threads' spool files in ${tmpdir()}: ${(err as Error).message}`;
}

/**
 * A spool that could not be made or written, said as such: the system's bare `ENOSPC: no
 * space left on device, write` named neither the folder nor the way out. Other errors pass.
 */
export function spoolError(err: unknown): unknown {
  if (!isSpoolFailure(err)) return err;
  return new LambdalensError(spoolFailureText(err), {
    cause: err,
    hint: 'make room there, point TMPDIR at a folder with room, or read with one thread: --workers 1',
  });
}

/**
 * Says that the threads' spools failed and the run goes on in one thread: one thread needs
 * no spool for what the others would have read, and reads the same.
 */
export function noteOneThread(err: unknown, out: NodeJS.WritableStream, what: string): void {
  sayLine(`${spoolFailureText(err)}; ${what} in one thread`, out);
}

/**
 * A spool folder's name says whose it is: `lambdalens-spool-<host>-<pid>-XXXXXX`. A run
 * killed with SIGKILL (or by the OOM killer) removes nothing, and its spools hold megabytes
 * of documents; the name lets a later run find them and remove those whose process is gone.
 * The host (a short hash of its name) keeps apart containers that share a TMPDIR, whose
 * process IDs say nothing of each other.
 */
const SPOOL_PREFIX = 'lambdalens-spool-';
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const SPOOL_NAME = /^lambdalens-spool-([0-9a-f]{8})-(\d+)-/;

/** Whether a process runs (one of another user's counts: it cannot be signalled, but it lives). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the spool folders in `dir` left by runs of this host whose process is gone; never
 * one of a live process (a process ID taken again by another process keeps its folder until
 * that one ends too). Gives the names removed. Anything that cannot be read or removed is
 * left as it is: cleaning up after others must never stop a run.
 */
export function removeStaleSpools(dir: string = tmpdir()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = SPOOL_NAME.exec(name);
    if (!m || m[1] !== HOST) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || processAlive(pid)) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Another run removing it at the same time, or not ours to remove: left.
    }
  }
  return removed;
}

/** A run's folder of spools, and its removal. */
export interface SpoolDir {
  path: string;
  remove(): void;
}

/**
 * A new folder for a run's spools, in the temporary folder (TMPDIR), or null when it cannot
 * be made there (said on `err`: the run reads in one thread). It is removed when the run
 * ends, and also if the process exits first: a closed pipe (`| head`) ends the process at
 * once, without the `finally` that removes it. What neither could remove (a run killed
 * with SIGKILL) is removed by the next run that makes spools.
 */
export function makeSpoolDir(err: NodeJS.WritableStream): SpoolDir | null {
  removeStaleSpools();
  let path: string;
  try {
    path = mkdtempSync(join(tmpdir(), `${SPOOL_PREFIX}${HOST}-${process.pid}-`));
  } catch (error) {
    if (!isSpoolFailure(error)) throw error;
    noteOneThread(error, err, 'reading the inputs');
    return null;
  }
  const remove = () => {
    process.off('exit', remove);
    rmSync(path, { recursive: true, force: true });
  };
  process.on('exit', remove);
  return { path, remove };
}

/** Big writes: a spool is read back whole, nobody watches it fill. */
const SPOOL_FLUSH_AT = 1 << 20;
const READ_CHUNK = 1 << 20;

export interface Spool {
  writer: StreamWriter;
  close(): Promise<void>;
}

export function openSpool(path: string): Spool {
  const file: WriteStream = createWriteStream(path);
  const writer = createStreamWriter(file, { flushAt: SPOOL_FLUSH_AT, maxDelayMs: 1000 });
  return {
    writer,
    async close() {
      await writer.end();
      file.end();
      await once(file, 'close');
    },
  };
}

/** A spool's lines (each written whole, with its newline), in order, a chunk's worth at a time. */
export async function* spoolLineBatches(path: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: READ_CHUNK })) {
    const text = rest + (chunk as string);
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    yield lines;
  }
  if (rest.length > 0) yield [rest];
}
