/**
 * What the benches share: the median of their rounds, and files settled before they are
 * timed. Files just written are still going to disk, and a read in that time waits behind
 * the write-back, one round more than another (a baseline that does the least per byte read
 * at anywhere from 0.5M to 3.3M lines/s).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';

/** Waits until the files are on disk, then reads each once, so that every round reads them from the page cache. */
export async function settleFiles(files: readonly string[]): Promise<void> {
  spawnSync('sync', { stdio: 'ignore' });
  for (const file of files) {
    for await (const _ of createReadStream(file, { highWaterMark: 1 << 20 })) {
      // Only the read matters.
    }
  }
}

/** The middle of the values (of an even count, the mean of the two in the middle). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}
