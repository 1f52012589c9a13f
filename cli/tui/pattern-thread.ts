/**
 * A user's regular expression, run on a thread of its own with a time budget. JavaScript
 * gives a regular expression no time limit, and one whose alternatives overlap, `/(a|a)+b/`,
 * tries exponentially many ways to fail over a line of 40 a's: run on the thread that draws
 * the screen and reads the keys, it froze both, and Ctrl-C with them, for good. No check of
 * a pattern's text recognises every such pattern (`regex-guard.ts` refuses the commonest
 * shape before anything runs), so the thread that draws never runs one: it hands the texts
 * of a pass to this thread and waits at most `PASS_BUDGET_MS` for the answer. A pass that
 * takes longer ends the thread (a new one starts for the next pattern), and the pattern
 * has given up.
 *
 * The wait is synchronous (`Atomics.wait` on a word the thread sets when it is done, the
 * answer taken with `receiveMessageOnPort`), so the layouts that ask, the list's hits and
 * the detail view's marks, stay functions of the state, as when matching ran in place.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/**
 * The longest one pass may take: a search runs a pass per published frame (10 a second),
 * and a quarter of a second is a stall a person notices but never takes for a hang.
 */
export const PASS_BUDGET_MS = 250;

/**
 * How long a pass may wait to begin: a new thread's start and the copy of the texts are
 * not the pattern's time, and on a busy machine take far longer than it usually does.
 */
const START_LIMIT_MS = 10_000;

/** At most this many marks of one text: past it a line is marked enough to be seen. */
export const MAX_RANGES = 50;

/** Slots of the shared words: the pass the thread began last, the one it finished, and 1 once it runs. */
const BEGUN = 0;
const DONE = 1;
const READY = 2;

/**
 * The thread's program, run from this text (nothing to find beside the bundle, nor a
 * TypeScript loader to register in tests). Its `rangesOf` is `filter.ts`'s, for the same marks.
 */
const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { signal, port, maxRanges } = workerData;
Atomics.store(signal, ${READY}, 1);
function rangesOf(re, text) {
  const out = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && out.length < maxRanges; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}
// The rows' texts copied here, by the number the asking thread gave them (thread-rows.ts).
const held = new Map();
parentPort.on('message', (job) => {
  if (job.hold) {
    job.hold.forEach((n, i) => held.set(n, job.texts[i]));
    return;
  }
  if (job.forget) {
    for (const n of job.forget) held.delete(n);
    return;
  }
  Atomics.store(signal, ${BEGUN}, job.seq);
  Atomics.notify(signal, ${BEGUN});
  const re = new RegExp(job.source, job.flags);
  const hit = (text) => {
    re.lastIndex = 0;
    return re.test(text);
  };
  const any = (texts) => texts.some(hit);
  port.postMessage(
    job.held
      ? job.held.map((n) => any(held.get(n) ?? []))
      : job.groups
        ? job.groups.map(any)
        : job.texts.map((text) => rangesOf(re, text)),
  );
  Atomics.store(signal, ${DONE}, job.seq);
  Atomics.notify(signal, ${DONE});
});
`;

interface PatternThread {
  worker: Worker;
  signal: Int32Array;
  answers: MessagePort;
  seq: number;
  /** Which thread this is: the texts copied to one are gone with it. */
  generation: number;
}

/** One thread for every pattern of the screen (the search and the highlights), started when first asked. */
let current: PatternThread | null = null;
let started = 0;

function startThread(): PatternThread {
  const signal = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { signal, port: port2, maxRanges: MAX_RANGES },
    transferList: [port2],
  });
  // Neither keeps the program running: a tail ends when its input and its screen end.
  worker.unref();
  port1.unref();
  // A thread that failed answers no pass, which then gives up; its error needs no more.
  worker.on('error', () => {});
  return { worker, signal, answers: port1, seq: 0, generation: ++started };
}

/** Waits until the word at `slot` reads `seq`, for at most `ms`; whether it did. */
function waitFor(signal: Int32Array, slot: number, seq: number, ms: number): boolean {
  const deadline = performance.now() + ms;
  for (;;) {
    const now = Atomics.load(signal, slot);
    if (now === seq) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(signal, slot, now, left);
  }
}

/** A pattern as `new RegExp` takes it, checked already on the thread that asks. */
export interface ThreadPattern {
  source: string;
  flags: string;
}

type Job =
  | { groups: readonly (readonly string[])[] }
  | { texts: readonly string[] }
  | { held: readonly number[] };

function runPass<T>(pattern: ThreadPattern, job: Job): T | null {
  current ??= startThread();
  const thread = current;
  const seq = ++thread.seq;
  thread.worker.postMessage({ seq, source: pattern.source, flags: pattern.flags, ...job });
  const answered =
    waitFor(thread.signal, BEGUN, seq, START_LIMIT_MS) && waitFor(thread.signal, DONE, seq, PASS_BUDGET_MS);
  const answer = answered ? receiveMessageOnPort(thread.answers) : undefined;
  if (answer !== undefined) return answer.message as T;
  // Terminating stops the thread mid-match; the next pattern gets a new one.
  void thread.worker.terminate();
  current = null;
  return null;
}

/**
 * For each group of texts, whether one of them holds a match of `pattern`, in one pass
 * within `PASS_BUDGET_MS`; null when the pass ran over it.
 */
export function anyMatchOnThread(
  pattern: ThreadPattern,
  groups: readonly (readonly string[])[],
): boolean[] | null {
  if (groups.length === 0) return [];
  return runPass<boolean[]>(pattern, { groups });
}

/** Where the matches of `pattern` lie in each of `texts`, as `anyMatchOnThread` finds them. */
export function rangesOnThread(
  pattern: ThreadPattern,
  texts: readonly string[],
): [number, number][][] | null {
  if (texts.length === 0) return [];
  return runPass<[number, number][][]>(pattern, { texts });
}

/**
 * The thread that holds the copied texts, started if none runs: a number that changes when
 * a pattern that gave up ended the thread, and its copy with it.
 */
export function copyGeneration(): number {
  current ??= startThread();
  return current.generation;
}

/**
 * Whether the thread runs: one still starting (30-90 ms on a busy machine) would hold a pass
 * waiting for it to begin, and the screen with it.
 */
export function threadReady(): boolean {
  return current !== null && Atomics.load(current.signal, READY) === 1;
}

/**
 * Copies texts to the thread, each group under its number, for passes to ask of by number
 * (`anyHeldMatchOnThread`). Not waited for: the thread reads them before the next pass.
 */
export function holdOnThread(numbers: readonly number[], texts: readonly (readonly string[])[]): void {
  if (numbers.length === 0) return;
  current ??= startThread();
  current.worker.postMessage({ hold: numbers, texts });
}

/** Lets the thread drop the texts held under `numbers`. */
export function forgetOnThread(numbers: readonly number[]): void {
  if (numbers.length === 0 || current === null) return;
  current.worker.postMessage({ forget: numbers });
}

/**
 * For each number, whether a text the thread holds under it has a match of `pattern`, as
 * `anyMatchOnThread` asks it of texts sent with the pass; null when the pass ran over its budget.
 */
export function anyHeldMatchOnThread(pattern: ThreadPattern, numbers: readonly number[]): boolean[] | null {
  if (numbers.length === 0) return [];
  return runPass<boolean[]>(pattern, { held: numbers });
}
