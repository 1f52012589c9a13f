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
 * The worker's module: the built one next to the CLI (`dist/cli/worker.js`, whichever chunk
 * this code was bundled into), or the source when run from TypeScript.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('./worker-entry.ts', here) : new URL('../cli/worker.js', here);
}

export function startPart<T>(
  job: unknown,
  stop: AbortSignal,
  fileBeforeCut: string | null = null,
): RunningPart<T> {
  const fromSource = import.meta.url.endsWith('.ts');
  const start: WorkerStart = { job, requestIdSeed: requestIdSeed(), fileBeforeCut };
  const worker = new Worker(workerUrl(), {
    workerData: start,
    // A worker's young generation is smaller than the main thread's by default, and reading
    // logs allocates a short-lived string or object per line: at 64 MB a run of 2 million
    // lines over 8 files took 6.5 s instead of 7.5-9.4 s, for about 100 MB more at its peak.
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    ...(fromSource ? { execArgv: [...process.execArgv, '--import', 'tsx'] } : {}),
  });
  const askStop = () => worker.postMessage(STOP_MESSAGE);
  if (stop.aborted) askStop();
  else stop.addEventListener('abort', askStop, { once: true });
  const result = new Promise<T>((resolve, reject) => {
    let answered = false;
    worker.once('message', (answer: WorkerAnswer<T>) => {
      answered = true;
      if (answer.ok) resolve(answer.result);
      else reject(Object.assign(new Error(answer.message), { code: answer.code }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      stop.removeEventListener('abort', askStop);
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
