/**
 * A worker thread's start: reads its part of the input (`logs`, `cost` or `ship`), posts what it
 * read, and ends. A stop from the main thread ends its reading early; what it read is
 * still completed and posted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptRequestIdSeed } from '../../collectors/correlator/request-id-hash.ts';
import { type CostPartJob, runCostPart } from './cost-parts.ts';
import { type LogsPartJob, runLogsPart } from './logs-parts.ts';
import { STOP_MESSAGE, type WorkerAnswer, type WorkerStart } from './pool.ts';
import { runShipPart, type ShipPartJob } from './ship-parts.ts';

type Job = LogsPartJob | CostPartJob | ShipPartJob;

function runPart(job: Job, stop: AbortSignal): Promise<unknown> {
  switch (job.kind) {
    case 'logs':
      return runLogsPart(job, stop);
    case 'cost':
      return runCostPart(job, stop);
    case 'ship':
      return runShipPart(job, stop);
  }
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
    answer = { ok: true, result: await runPart(start.job as Job, stop.signal) };
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
