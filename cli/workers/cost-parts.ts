/**
 * `cost` over many files on every core: the inputs are split into parts of consecutive
 * files (partition.ts); the main thread aggregates the first, worker threads the others,
 * each into an aggregator of its own, and their states are merged in input order. When the
 * parts are joined (a stream, a request or a log group's facts in two of them: part-facts.ts),
 * the merge would not be what one thread computes: the main thread then reads the other
 * parts on itself before it closes what the first left open, as one thread reads them all
 * (or, for a join seen only once the first part is closed, reads all the inputs again).
 */
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import {
  absorbInputReport,
  createInputReport,
  type InputReport,
} from '../../collectors/files/read-inputs.ts';
import type { CostAggregator } from '../../pricing/report/aggregator.ts';
import {
  type AggregatorSnapshot,
  mergeAggregatorSnapshot,
  snapshotAggregator,
} from '../../pricing/report/aggregator-snapshot.ts';
import { aggregateEvents, aggregateFiles } from '../../pricing/sources/local.ts';
import { type CostSetup, type CostSetupFlags, costSetup, setupFlagsOf } from '../commands/cost-setup.ts';
import { sayLine } from '../output/say-line.ts';
import { FirstRun } from './first-run.ts';
import { inexactness, type PartFacts, type PartFactsCollector } from './part-facts.ts';
import { fileBeforeCut } from './partition.ts';
import { type RunningPart, startParts } from './pool.ts';

export interface CostPartJob {
  kind: 'cost';
  inputs: string[];
  flags: CostSetupFlags;
  functionName: string | undefined;
}

export interface CostPartResult {
  snapshot: AggregatorSnapshot;
  report: InputReport;
  facts: PartFacts;
}

/** A worker's side: aggregates its part as the command would, and hands over the state. */
export async function runCostPart(
  job: CostPartJob,
  stop: AbortSignal,
  facts: PartFactsCollector,
): Promise<CostPartResult> {
  const setup = await costSetup(job.flags);
  const agg = setup.newAggregator(setup.fileConfigs, setup.functions, setup.period);
  const report = createInputReport();
  await aggregateFiles(agg, job.inputs, {
    report,
    functionName: job.functionName,
    watch: facts,
    signal: stop,
  });
  return {
    snapshot: snapshotAggregator(agg),
    report,
    facts: facts.finish(agg.context ?? new StreamContextTable()),
  };
}

/**
 * The main thread's side: aggregates `parts` (consecutive runs of the input files) and
 * returns the aggregator, filling `report` with what reading found. Once `signal` aborts
 * (a stop the user asked for), the threads are ended and what was read is returned partial,
 * unmerged: the caller reports no cost from it.
 */
export async function aggregateFilesInParts(
  parts: string[][],
  setup: CostSetup,
  flags: CostSetupFlags & { functionName?: string | undefined },
  report: InputReport,
  err: NodeJS.WritableStream,
  signal: AbortSignal,
): Promise<CostAggregator> {
  // Ends the threads when the run ends, however it ends; the user's stop reaches them too.
  const stop = new AbortController();
  const forwardStop = () => stop.abort();
  signal.addEventListener('abort', forwardStop, { once: true });
  const running: RunningPart<CostPartResult>[] = [];
  try {
    const starts = parts.slice(1).map((inputs, k) => {
      const job: CostPartJob = {
        kind: 'cost',
        inputs,
        flags: setupFlagsOf(flags),
        functionName: flags.functionName,
      };
      return { job, fileBeforeCut: fileBeforeCut(parts, k + 1) };
    });
    running.push(...startParts<CostPartResult>(starts, stop.signal));
    const agg = setup.newAggregator(setup.fileConfigs, setup.functions, setup.period);
    const context = agg.context ?? new StreamContextTable();
    const firstRun = new FirstRun(parts, running, context, {
      functionName: flags.functionName,
      signal,
      report,
      err,
    });
    await aggregateEvents(agg, firstRun.events(), {
      functionName: flags.functionName,
      watch: firstRun.facts,
      signal,
    });
    if (signal.aborted || firstRun.readOn) return agg;
    const results = await firstRun.others();
    // What the first part left open can join it to a later one too (a request named again).
    const why = inexactness([firstRun.firstFacts(), ...results.map((o) => o.facts)]);
    if (why !== null) {
      sayLine(`${why}; reading the inputs again in one thread`, err);
      const again = setup.newAggregator(setup.fileConfigs, setup.functions, setup.period);
      await aggregateFiles(again, parts.flat(), { report, functionName: flags.functionName, signal });
      return again;
    }
    absorbInputReport(report, firstRun.report);
    for (const o of results) {
      mergeAggregatorSnapshot(agg, o.snapshot);
      absorbInputReport(report, o.report);
    }
    return agg;
  } finally {
    signal.removeEventListener('abort', forwardStop);
    stop.abort();
    for (const part of running) part.terminate();
  }
}
