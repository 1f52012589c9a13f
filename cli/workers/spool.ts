/**
 * A part's spool: the file a worker thread writes what it read into, which the main thread
 * copies out (or reads back) once every part is read and the parts are known to read as
 * one thread reads them.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdalensError, type StreamWriter, utf8Over } from '../../collectors/kernel/index.ts';
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

/** Bytes a spool gathers before writing them: a spool is read back whole, nobody watches it fill. */
const SPOOL_BUFFER_BYTES = 1 << 20;
const READ_CHUNK = 1 << 20;

export interface Spool {
  writer: StreamWriter;
  close(): Promise<void>;
}

/**
 * A spool file written by the thread that fills it, at once: each text is encoded straight
 * into one buffer, used again and again, which is written out whenever the next text does
 * not fit. Written through a stream, each megabyte of texts was first joined into one
 * string, then copied flat and encoded into a buffer of its own, fresh memory every time:
 * 0.56 s of a reading thread's 5.3 s over its half of a 2-million-line text copy, against
 * 0.38 s this way, writing included. Blocking on the file holds up little: a reading
 * thread has nothing else to do meanwhile, and the main thread spools only what its part
 * leaves open at its end. A write that fails (a full disk) throws from `put`.
 */
class SpoolFile implements StreamWriter {
  private readonly buffer = Buffer.allocUnsafeSlow(SPOOL_BUFFER_BYTES);
  private used = 0;
  /** Texts in the buffer, not yet written. */
  private held = 0;

  constructor(private readonly fd: number) {}

  put(text: string): boolean {
    if (utf8Over(text, this.buffer.length - this.used)) {
      this.flush();
      if (utf8Over(text, this.buffer.length)) {
        writeWhole(this.fd, Buffer.from(text));
        return false;
      }
    }
    this.used += this.buffer.write(text, this.used);
    this.held++;
    return false;
  }

  async write(text: string): Promise<void> {
    this.put(text);
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }

  async end(): Promise<void> {
    this.flush();
  }

  get pendingWrites(): number {
    return this.held;
  }

  get readerLeft(): boolean {
    return false;
  }

  private flush(): void {
    writeWhole(this.fd, this.buffer.subarray(0, this.used));
    this.used = 0;
    this.held = 0;
  }
}

/** Writes all of `bytes`, however many calls the system takes. */
function writeWhole(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

export function openSpool(path: string): Spool {
  const fd = openSync(path, 'w');
  const writer = new SpoolFile(fd);
  return {
    writer,
    async close() {
      try {
        await writer.end();
      } finally {
        closeSync(fd);
      }
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
