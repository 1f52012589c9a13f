/**
 * A worker thread's start: reads its part of the input (`logs` or `cost`), posts what it
 * read, and ends. A stop from the main thread ends its reading early; what it read is
 * still completed and posted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type CostPartJob, runCostPart } from './cost-parts.ts';
import { type LogsPartJob, runLogsPart } from './logs-parts.ts';
import { STOP_MESSAGE, type WorkerAnswer } from './pool.ts';

type Job = LogsPartJob | CostPartJob;

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const stop = new AbortController();
  port.on('message', (message) => {
    if (message === STOP_MESSAGE) stop.abort();
  });
  let answer: WorkerAnswer<unknown>;
  try {
    const job = workerData as Job;
    const result =
      job.kind === 'logs' ? await runLogsPart(job, stop.signal) : await runCostPart(job, stop.signal);
    answer = { ok: true, result };
  } catch (err) {
    answer = { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(answer);
  port.close();
}

await main();
