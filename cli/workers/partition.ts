/**
 * How many threads read local inputs, and which inputs each reads. Parts are runs of
 * consecutive files (after folders are expanded), of about equal bytes: consecutive so that
 * a log stream continuing from one file into the next usually stays in one part (see
 * part-facts.ts for when it does not), balanced by size because the time is in the bytes.
 */

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { expandDirectories } from '../../collectors/files/read-inputs.ts';

/**
 * Threads by default: one per core, at most 8. Each holds its own heap (about 150 MB at its
 * peak reading logs), and past a few threads the machine's memory bandwidth, not its cores,
 * sets the pace.
 */
const MAX_DEFAULT_WORKERS = 8;

/** `--workers`' default. */
export function defaultWorkers(): number {
  return Math.min(availableParallelism(), MAX_DEFAULT_WORKERS);
}

/**
 * The inputs split into at most `workers` parts in input order, or null when they are read
 * by one thread: one worker asked for, stdin among them (read as it comes, by the main
 * thread), fewer than two files, or a file that cannot be looked at (reading it reports why).
 */
export function partitionInputs(inputs: string[], workers: number): string[][] | null {
  if (workers < 2 || inputs.includes('-')) return null;
  const files = expandDirectories(inputs);
  if (files.length < 2) return null;
  const sizes: number[] = [];
  for (const file of files) {
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return null;
      sizes.push(stat.size);
    } catch {
      return null;
    }
  }
  return splitBySize(files, sizes, Math.min(workers, files.length));
}

/** Consecutive runs of `items`, `parts` of them, each closing once it holds its share of the bytes. */
export function splitBySize(items: string[], sizes: number[], parts: number): string[][] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const out: string[][] = [];
  let current: string[] = [];
  let taken = 0;
  for (const [i, item] of items.entries()) {
    current.push(item);
    taken += sizes[i] ?? 0;
    const left = items.length - i - 1;
    const partsLeft = parts - out.length - 1;
    // Close this part once it reached its share, or when every later part needs a file of its own.
    const share = (total * (out.length + 1)) / parts;
    if (partsLeft > 0 && (taken >= share || left === partsLeft)) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
