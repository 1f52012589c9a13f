/**
 * The dead-letter file of `ship --dead-letter-file`. A re-run of the same `ship` over the
 * same input meets the same refusals, so a letter is appended only when the file does not
 * hold one for the same document (target index and document ID) already: appending every
 * time stored each refused document once per run. What the file holds is read when it is
 * opened and kept as one 128-bit hash per letter, so memory grows with the number of
 * letters, never with their size.
 */
import { createHash } from 'node:crypto';
import { appendFile, open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ConfigError, fileOpenProblem } from '../collectors/kernel/index.ts';
import {
  type DeadLetter,
  type DeadLetterResult,
  type DeadLetterSink,
  deadLetterRecord,
} from './dead-letter.ts';

export interface FileDeadLetterSink extends DeadLetterSink {
  /** Letters this sink appended to the file. */
  readonly appended: number;
  /** Letters this sink was given that the file held already, and so were not appended again. */
  readonly alreadyHeld: number;
}

/** 22 base64url characters (132 bits) of SHA-256: a collision, which would drop a letter, is never met. */
function letterKey(targetIndex: string, docId: string): string {
  return createHash('sha256').update(`${targetIndex}\n${docId}`).digest('base64url').slice(0, 22);
}

/** The key of a stored record line; null for a line that is not one (a line cut short by a killed run). */
function keyOfRecord(line: string): string | null {
  if (!line.includes('"dead_letter"')) return null;
  try {
    const held = JSON.parse(line)?.lambdalens?.dead_letter;
    return typeof held?.target_index === 'string' && typeof held?.doc_id === 'string'
      ? letterKey(held.target_index, held.doc_id)
      : null;
  } catch {
    return null;
  }
}

/** The letters a file holds, and whether its last line is cut short (no newline at its end). */
async function readHeld(path: string): Promise<{ keys: Set<string>; cutShort: boolean }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // Opened to append (so created, and checked writable) and to read what it holds.
    handle = await open(path, 'a+');
  } catch (err) {
    throw new ConfigError(`cannot write dead letters to "${path}": ${fileOpenProblem(path, err)}`, {
      cause: err,
    });
  }
  const keys = new Set<string>();
  try {
    const { size } = await handle.stat();
    if (size === 0) return { keys, cutShort: false };
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    const lines = createInterface({
      input: handle.createReadStream({ start: 0, autoClose: false }),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) {
      const key = keyOfRecord(line);
      if (key) keys.add(key);
    }
    return { keys, cutShort: last[0] !== 0x0a };
  } catch (err) {
    throw new ConfigError(`cannot read the dead letters "${path}" already holds: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    await handle.close();
  }
}

/**
 * Opens a dead-letter file before anything is shipped: found only when the first letter
 * came, a missing folder left every refused document undelivered after the whole run, and
 * a re-run failed the same way.
 */
export async function openFileDeadLetterSink(path: string): Promise<FileDeadLetterSink> {
  const { keys, cutShort } = await readHeld(path);
  // A run killed mid-append leaves half a line: the next record starts on a line of its own.
  let newlineFirst = cutShort;
  let appended = 0;
  let alreadyHeld = 0;
  // One append at a time: the check against what the file holds and the append that adds to it go together.
  let queue: Promise<unknown> = Promise.resolve();

  async function append(letters: DeadLetter[]): Promise<DeadLetterResult> {
    const fresh: DeadLetter[] = [];
    const freshKeys: string[] = [];
    for (const letter of letters) {
      const key = letterKey(letter.targetIndex, letter.doc.id);
      if (keys.has(key)) {
        alreadyHeld++;
        continue;
      }
      keys.add(key);
      fresh.push(letter);
      freshKeys.push(key);
    }
    if (fresh.length === 0) return { failed: [] };
    const text = fresh.map((l) => `${JSON.stringify(deadLetterRecord(l))}\n`).join('');
    try {
      await appendFile(path, newlineFirst ? `\n${text}` : text);
      newlineFirst = false;
      appended += fresh.length;
      return { failed: [] };
    } catch (err) {
      for (const key of freshKeys) keys.delete(key);
      return {
        failed: fresh,
        message: `cannot append to dead-letter file "${path}": ${(err as Error).message}`,
      };
    }
  }

  return {
    get appended() {
      return appended;
    },
    get alreadyHeld() {
      return alreadyHeld;
    },
    write(letters) {
      const run = queue.then(() => append(letters));
      queue = run.catch(() => {});
      return run;
    },
  };
}
