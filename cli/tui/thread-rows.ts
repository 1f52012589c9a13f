/**
 * The held rows' texts as the pattern thread holds them (pattern-thread.ts), so a pass of a
 * regular expression sends the thread numbers, not texts. Sent with each pass, the texts
 * of every held row went over for the first pass of each new pattern, outside the pass's
 * time budget, and the screen answered no key meanwhile: with 2,000 rows of 23 lines on a
 * loaded machine, 120-200 ms for the first pattern (the thread's start with it) and 65-85 ms
 * for each new one. Now a row's texts go over once per face (row-view.ts rebuilds the face
 * when what the row holds changes) and stay for every pattern after; a pass copies what the
 * thread lacks only until its copy budget is spent, and does not wait for a thread still
 * starting: the rows left are asked on the next pass (the store publishes again soon). The
 * same rows: the first pattern 45-70 ms and then 15-30 ms, a new one 7-20 ms.
 *
 * The copy is bounded as the ring is: each pass lets the thread drop the faces no longer held.
 */
import { copyGeneration, forgetOnThread, holdOnThread, threadReady } from './pattern-thread.ts';
import { type Entry, entryTexts } from './row-view.ts';
import type { RowView } from './types.ts';

/**
 * What one pass may spend copying rows to the thread: the thread reads them in about as long
 * again before the pass begins, so the copy and its reading stay well inside a quarter second.
 */
export const COPY_BUDGET_MS = 40;
/** Rows copied in one message: small enough that a slice never runs far past the budget. */
const SLICE_ROWS = 50;
/** Not a number on the thread: the row's texts have not been copied yet. */
export const NOT_HELD = -1;

export interface ThreadRows {
  /**
   * The thread's number for each row of `asked`, copying rows the thread lacks until the
   * budget is spent (`NOT_HELD` for those left). `held` is every row the store holds: the
   * copies of faces not among them are let go.
   */
  numbersOf(held: Iterable<Entry>, asked: readonly Entry[]): number[];
  /** How many rows the last call copied: what a pass paid to copy. */
  lastCopied(): number;
}

/** Numbers given to faces, unique among every store's, as the thread is one for all. */
let lastNumber = 0;

export function createThreadRows(now: () => number = () => performance.now()): ThreadRows {
  let generation = 0;
  let onThread = new Map<RowView, number>();
  let copied = 0;

  /** Lets the thread drop the faces of rows gone or changed since the last call. */
  const forgetGone = (held: Iterable<Entry>): void => {
    if (onThread.size === 0) return;
    const current = new Set<RowView>();
    for (const entry of held) if (entry.view !== null) current.add(entry.view);
    const gone: number[] = [];
    for (const [face, n] of onThread) {
      if (current.has(face)) continue;
      gone.push(n);
      onThread.delete(face);
    }
    forgetOnThread(gone);
  };

  return {
    numbersOf(held, asked) {
      copied = 0;
      const thread = copyGeneration();
      if (thread !== generation) {
        // A new thread (the last one ended by a pattern that gave up) holds nothing.
        generation = thread;
        onThread = new Map();
      } else forgetGone(held);
      const numbers = new Array<number>(asked.length).fill(NOT_HELD);
      const started = now();
      let slice: { numbers: number[]; texts: string[][] } = { numbers: [], texts: [] };
      const send = (): void => {
        holdOnThread(slice.numbers, slice.texts);
        copied += slice.numbers.length;
        slice = { numbers: [], texts: [] };
      };
      for (let i = 0; i < asked.length; i++) {
        const face = (asked[i] as Entry).view;
        if (face === null) continue;
        const known = onThread.get(face);
        if (known !== undefined) {
          numbers[i] = known;
          continue;
        }
        if (now() - started >= COPY_BUDGET_MS) continue;
        const n = ++lastNumber;
        slice.numbers.push(n);
        slice.texts.push(entryTexts(asked[i] as Entry));
        onThread.set(face, n);
        numbers[i] = n;
        if (slice.numbers.length === SLICE_ROWS) send();
      }
      send();
      // A thread still starting reads what was copied to it, and is asked on the next pass.
      if (!threadReady()) numbers.fill(NOT_HELD);
      return numbers;
    },
    lastCopied: () => copied,
  };
}
