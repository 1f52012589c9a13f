/**
 * How many threads read local inputs, and which inputs each reads. Parts are runs of
 * consecutive files (after folders are expanded), of about equal bytes: consecutive so that
 * a log stream continuing from one file into the next usually stays in one part (see
 * part-facts.ts for when it does not), balanced by size because the time is in the bytes,
 * and cut between two functions' files rather than inside one function's where it can be.
 */

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, sep } from 'node:path';
import { listInputs } from '../../collectors/files/input-list.ts';
import { functionNameOfPath } from '../../collectors/files/read-inputs.ts';
import { sayLine } from '../output/say-line.ts';

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
 * Threads at most, per core. More threads than cores only share them, while each holds its own
 * heap: `--workers 1000` over 10,000 small files started 958 threads, held 11.3 GB and had not
 * ended after 172 s, where 2 threads took 14 s and 233 MB. Twice the cores leaves a thread to
 * run while another waits on the disk.
 */
const MAX_WORKERS_PER_CORE = 2;

/**
 * How many threads read `files` files when `asked` are asked for: no more than the files, nor
 * than twice the `cores`. `capped` when the cores, not the files, made them fewer than asked.
 */
export function workerThreads(
  asked: number,
  files: number,
  cores: number = availableParallelism(),
): { threads: number; capped: boolean } {
  const most = cores * MAX_WORKERS_PER_CORE;
  const wanted = Math.min(asked, files);
  return wanted > most ? { threads: most, capped: true } : { threads: wanted, capped: false };
}

/**
 * The inputs split into at most `workers` parts in input order, or null when they are read
 * by one thread: one worker asked for, stdin among them (read as it comes, by the main
 * thread), fewer than two files, a file named twice (the one reader says it read it once),
 * or a file that cannot be looked at (reading it reports why). More threads than
 * `workerThreads` allows are not started: said on `err`.
 */
export function partitionInputs(
  inputs: string[],
  workers: number,
  err: NodeJS.WritableStream,
): string[][] | null {
  if (workers < 2 || inputs.includes('-')) return null;
  const { files, repeats } = listInputs(inputs);
  if (files.length < 2 || repeats.length > 0) return null;
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
  const { threads, capped } = workerThreads(workers, files.length);
  if (capped) {
    sayLine(
      `note: --workers ${workers} is more than ${availableParallelism()} core(s) can use; reading with ${threads} threads`,
      err,
    );
  }
  return splitBySize(files, sizes, threads, files.map(inputKey));
}

/**
 * Consecutive runs of `items`, `parts` of them, of about equal bytes. Given `keys` (what
 * each file is a copy of: `inputKey`), a run ends where the key changes when such a place
 * lies within half a share of where the bytes would end it: a cut inside one function's
 * copies is where a log stream continues into the next run, and the runs must then be read
 * on by one thread, while a cut between two functions' copies costs only some balance.
 */
export function splitBySize(items: string[], sizes: number[], parts: number, keys?: string[]): string[][] {
  const n = items.length;
  parts = Math.max(1, Math.min(parts, n));
  // before[k]: the bytes of the items before index k.
  const before = [0];
  for (let i = 0; i < n; i++) before.push((before[i] as number) + (sizes[i] ?? 0));
  const total = before[n] as number;
  const out: string[][] = [];
  let from = 0;
  for (let j = 1; j < parts; j++) {
    // The cut leaves at least one item to this run and to each later one.
    const first = from + 1;
    const last = n - (parts - j);
    const share = (total * j) / parts;
    let cut = first;
    while (cut < last && (before[cut] as number) < share) cut++;
    if (keys) cut = nearestKeyChange(keys, before, first, last, share, total / parts / 2) ?? cut;
    out.push(items.slice(from, cut));
    from = cut;
  }
  out.push(items.slice(from));
  return out;
}

/** The cut between items of different keys nearest to `share` bytes, within `slack` of it. */
function nearestKeyChange(
  keys: string[],
  before: number[],
  first: number,
  last: number,
  share: number,
  slack: number,
): number | null {
  let best: number | null = null;
  let bestDistance = slack;
  for (let k = first; k <= last; k++) {
    if (keys[k - 1] === keys[k]) continue;
    const distance = Math.abs((before[k] as number) - share);
    if (distance <= bestDistance) {
      best = k;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * What a file is a copy of, for placing cuts: its folder and its name without extension,
 * date or trailing number (`orders-api-2026-10-01.log`, `orders-api.3.json.gz` and
 * `part-07` name the same thing as `orders-api`, `orders-api` and `part`); a name that is
 * nothing but a date or number (`orders-api/2026-10-01.log`) leaves the folder to say it.
 * Each log stream CloudWatch exports to S3 has a folder of its own.
 */
export function inputKey(file: string): string {
  const name = functionNameOfPath(file) ?? '';
  return `${dirname(file)}${sep}${name.replace(/(?:[-_.]?\d+)+$/, '')}`;
}

/**
 * The file before part `i`'s cut when the cut falls inside one function's files (the same
 * `inputKey` on both sides), where a stream can go on across it: the part after it compares
 * itself with that file early (early-join.ts). Null for the first part and for cuts between
 * two functions' files.
 */
export function fileBeforeCut(parts: readonly string[][], i: number): string | null {
  const before = parts[i - 1]?.at(-1);
  const after = parts[i]?.[0];
  if (before === undefined || after === undefined) return null;
  return inputKey(before) === inputKey(after) ? before : null;
}
