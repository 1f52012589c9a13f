/**
 * A worker thread's start: reads its part of the input (`logs`, `cost` or `ship`), posts what it
 * read, and ends. A stop from the main thread ends its reading early; what it read is
 * still completed and posted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptRequestIdSeed } from '../../collectors/correlator/request-id-hash.ts';
import { type CostPartJob, runCostPart } from './cost-parts.ts';
import { EarlyJoinFacts, probeFacts } from './early-join.ts';
import { type LogsPartJob, runLogsPart } from './logs-parts.ts';
import { PartFactsCollector } from './part-facts.ts';
import { STOP_MESSAGE, type WorkerAnswer, type WorkerStart } from './pool.ts';
import { runShipPart, type ShipPartJob } from './ship-parts.ts';

type Job = LogsPartJob | CostPartJob | ShipPartJob;

function runPart(job: Job, stop: AbortSignal, facts: PartFactsCollector): Promise<unknown> {
  switch (job.kind) {
    case 'logs':
      return runLogsPart(job, stop, facts);
    case 'cost':
      return runCostPart(job, stop, facts);
    case 'ship':
      return runShipPart(job, stop, facts);
  }
}

function functionNameOf(job: Job): string | undefined {
  return job.kind === 'logs' ? job.options.functionName : job.functionName;
}

/**
 * The part's facts, and the signal its reading stops on: the run's stop, or, where its cut
 * falls inside one function's files, the first sign that it continues a stream of the file
 * before the cut (early-join.ts).
 */
async function watchPart(
  start: WorkerStart,
  stop: AbortSignal,
): Promise<{ facts: PartFactsCollector; signal: AbortSignal }> {
  const job = start.job as Job;
  const probe = start.fileBeforeCut ? await probeFacts(start.fileBeforeCut, functionNameOf(job), stop) : null;
  if (probe === null) return { facts: new PartFactsCollector(), signal: stop };
  const joined = new AbortController();
  return {
    facts: new EarlyJoinFacts(probe, () => joined.abort()),
    signal: AbortSignal.any([stop, joined.signal]),
  };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const stop = new AbortController();
  port.on('message', (message) => {
    if (message === STOP_MESSAGE) stop.abort();
  });
  const start = workerData as WorkerStart;
  // Before anything is read: the parts' request IDs are compared by hash across threads.
  adoptRequestIdSeed(start.requestIdSeed);
  let answer: WorkerAnswer<unknown>;
  try {
    const { facts, signal } = await watchPart(start, stop.signal);
    answer = { ok: true, result: await runPart(start.job as Job, signal, facts) };
  } catch (err) {
    answer = {
      ok: false,
      message: err instanceof Error ? err.message : String(err),
      code: (err as NodeJS.ErrnoException | null)?.code,
    };
  }
  port.postMessage(answer);
  port.close();
}

await main();
