/**
 * One worker thread per part of the input: started with its job, asked to stop with the
 * run (Ctrl-C, `kill`), and answering once with what it read. The job and its answer
 * cross by structured clone, so both are plain data.
 */
import { Worker } from 'node:worker_threads';
import { type RequestIdSeed, requestIdSeed } from '../../collectors/correlator/request-id-hash.ts';

/** What a worker posts back: its part's result, or why it failed. */
export type WorkerAnswer<T> =
  | { ok: true; result: T }
  /** `code`: the system error's (ENOSPC…), which the main thread explains. */
  | { ok: false; message: string; code?: string | undefined };

/**
 * What a worker starts with: its job, the run's seed for hashing request IDs alike on every
 * thread, and the file before its part's cut to compare itself with early (early-join.ts).
 */
export interface WorkerStart {
  job: unknown;
  requestIdSeed: RequestIdSeed;
  fileBeforeCut: string | null;
}

/** The message that asks a worker to stop reading and answer with what it read. */
export const STOP_MESSAGE = 'stop';

const YOUNG_GENERATION_MB = 64;

export interface RunningPart<T> {
  result: Promise<T>;
  /** Ends the thread at once (an error elsewhere ended the run). */
  terminate(): void;
}

/**
 * A thread on the worker's module: the built one next to the CLI (`dist/cli/worker.js`,
 * whichever chunk this code was bundled into), or, run from TypeScript (tests, tsx), the
 * source. Node 20 does not apply a loader given in a worker's `execArgv` (`--import tsx`:
 * "Unknown file extension .ts"), so such a thread registers tsx itself, then imports the entry.
 */
function newWorker(start: WorkerStart): Worker {
  const options = {
    workerData: start,
    // A worker's young generation is smaller than the main thread's by default, and reading
    // logs allocates a short-lived string or object per line: at 64 MB a run of 2 million
    // lines over 8 files took 6.5 s instead of 7.5-9.4 s, for about 100 MB more at its peak.
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  };
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('../cli/worker.js', here), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker-entry.ts', here).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { ...options, eval: true });
}

/** One thread's start: its job, and the file before its part's cut (see `WorkerStart`). */
export interface PartStart {
  job: unknown;
  fileBeforeCut: string | null;
}

/**
 * A thread per part, in order. `stop` gets one listener, which asks every thread still
 * running to stop: a listener per thread passed Node's bound of 10 on a signal at the
 * eleventh thread (`MaxListenersExceededWarning`). It is removed once every thread has ended.
 */
export function startParts<T>(starts: readonly PartStart[], stop: AbortSignal): RunningPart<T>[] {
  const live = new Set<Worker>();
  const askStop = () => {
    for (const worker of live) worker.postMessage(STOP_MESSAGE);
  };
  const ended = (worker: Worker) => {
    live.delete(worker);
    if (live.size === 0) stop.removeEventListener('abort', askStop);
  };
  const running = starts.map((start) => startPart<T>(start, live, ended));
  if (running.length === 0) return running;
  if (stop.aborted) askStop();
  else stop.addEventListener('abort', askStop, { once: true });
  return running;
}

function startPart<T>(
  { job, fileBeforeCut }: PartStart,
  live: Set<Worker>,
  ended: (worker: Worker) => void,
): RunningPart<T> {
  const worker = newWorker({ job, requestIdSeed: requestIdSeed(), fileBeforeCut });
  live.add(worker);
  const result = new Promise<T>((resolve, reject) => {
    let answered = false;
    worker.once('message', (answer: WorkerAnswer<T>) => {
      answered = true;
      if (answer.ok) resolve(answer.result);
      else reject(Object.assign(new Error(answer.message), { code: answer.code }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      ended(worker);
      if (!answered) reject(new Error(`a reading thread ended (exit code ${code}) without its part`));
    });
  });
  // Awaited later, in input order; a failure before that must not count as unhandled.
  result.catch(() => {});
  return { result, terminate: () => void worker.terminate() };
}

/** The parts' results, in input order; the first failure is thrown. */
export async function partResults<T>(running: readonly RunningPart<T>[]): Promise<T[]> {
  const results: T[] = [];
  for (const part of running) results.push(await part.result);
  return results;
}
