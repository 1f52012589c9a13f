/**
 * The files a run's inputs name: each folder stands for the files under it, and a file named
 * again (the same path twice, a folder and a file in it, a link to one named before) is read
 * once. Its events would otherwise count twice: the duplicate check tells a copy by its
 * event ID or its time, and a text copy without times has neither.
 */
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A file named again: the later name, and the one it was read under. */
export interface RepeatedInput {
  input: string;
  first: string;
}

export interface InputList {
  files: string[];
  repeats: RepeatedInput[];
}

/** The files `inputs` name, in order, each once (see above); stdin (`-`) as it is. */
export function listInputs(inputs: string[]): InputList {
  const files: string[] = [];
  const repeats: RepeatedInput[] = [];
  /** The first name of each regular file, by device and inode. */
  const seen = new Map<string, string>();
  for (const file of inputs.flatMap(expandDirectory)) {
    const id = fileId(file);
    const first = id === null ? undefined : seen.get(id);
    if (first !== undefined) {
      repeats.push({ input: file, first });
      continue;
    }
    if (id !== null) seen.set(id, file);
    files.push(file);
  }
  return { files, repeats };
}

/** `listInputs`' files alone. */
export function expandDirectories(inputs: string[]): string[] {
  return listInputs(inputs).files;
}

/**
 * Which file a name is, for a regular file, or null: a pipe or a terminal named twice is
 * read twice (each read takes what comes then), and what cannot be looked at is read to
 * say what is wrong.
 */
function fileId(path: string): string | null {
  if (path === '-') return null;
  try {
    const stat = statSync(path);
    return stat.isFile() ? `${stat.dev}:${stat.ino}` : null;
  } catch {
    return null;
  }
}

/**
 * A folder stands for the files under it, in name order (hidden ones left out). A folder
 * under it that cannot be listed stands in its files' place: reading it says why, as for a
 * file that cannot be read, and the rest is read.
 */
export function expandDirectory(input: string): string[] {
  if (input === '-') return [input];
  let isDirectory = false;
  try {
    isDirectory = statSync(input).isDirectory();
  } catch {
    return [input]; // reading it reports what is wrong
  }
  if (!isDirectory) return [input];
  const found: string[] = [];
  listFiles(input, found);
  return found.sort();
}

/** Adds the files under `folder` to `found`, or the folder itself when it cannot be listed. */
function listFiles(folder: string, found: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    found.push(folder);
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) listFiles(path, found);
    else if (entry.isFile() && !entry.name.startsWith('.')) found.push(path);
  }
}
