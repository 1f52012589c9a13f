/**
 * `logs` over many files on every core: the inputs are split into parts of consecutive
 * files (partition.ts); the main thread reads the first part and prints it as it goes,
 * worker threads read the others into files of their own, and once every part is read
 * those are copied out in input order. Unless the parts turn out to share a log stream or
 * a log group's facts (part-facts.ts), the result is what one thread prints, with one
 * difference: invocations a part leaves open at its end come right after that part.
 * When they do share, the main thread, before it closes what the first part left open,
 * reads the other parts on itself, as one thread reads them all: the other threads' work is
 * let go, but nothing is read twice here. Only a join seen once the first part is closed (a
 * request it left open named again later) has all the inputs read again, the invocations
 * the first part already printed not printed twice.
 */
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import {
  absorbInputReport,
  createInputReport,
  type InputReport,
  readLogEventBatches,
} from '../../collectors/files/read-inputs.ts';
import { copyFileTo } from '../../collectors/kernel/index.ts';
import {
  finishPrint,
  outputWriter,
  type PrintedPart,
  type PrintOptions,
  printPart,
} from '../output/print-invocations.ts';
import type { RunSummary } from '../output/run-summary.ts';
import { sayLine } from '../output/say-line.ts';
import { FirstRun } from './first-run.ts';
import { inexactness, type PartFacts, type PartFactsCollector } from './part-facts.ts';
import { fileBeforeCut } from './partition.ts';
import { type RunningPart, startParts } from './pool.ts';
import { openSpool, type SpoolDir, spoolError } from './spool.ts';

/** What of the print options crosses to a worker (no functions, no signals). */
type PartPrintOptions = Pick<
  PrintOptions,
  'output' | 'color' | 'terminal' | 'functionName' | 'maxLines' | 'maxOpen' | 'maxHeldMb'
>;

export interface LogsPartJob {
  kind: 'logs';
  inputs: string[];
  options: PartPrintOptions;
  /** The file the part's invocations are written to. */
  spool: string;
}

export interface LogsPartResult {
  printed: PrintedPart;
  report: InputReport;
  facts: PartFacts;
}

/** A worker's side: reads its part into its spool file. */
export async function runLogsPart(
  job: LogsPartJob,
  stop: AbortSignal,
  facts: PartFactsCollector,
): Promise<LogsPartResult> {
  const report = createInputReport();
  const context = new StreamContextTable();
  const spool = openSpool(job.spool);
  try {
    const events = readLogEventBatches(job.inputs, { functionName: job.options.functionName, report });
    const printed = await printPart(
      events,
      { ...job.options, signal: stop },
      { body: spool.writer, tail: spool.writer, facts, context },
    );
    return { printed, report, facts: facts.finish(context) };
  } finally {
    await spool.close();
  }
}

/**
 * The main thread's side: prints `parts` (consecutive runs of the input files) to `out`,
 * filling `report` with what reading found, with the other threads' spools in `spools`
 * (removed at the end). Stops with `options.signal`, as one thread does.
 */
export async function printLogsInParts(
  parts: string[][],
  spools: SpoolDir,
  options: PrintOptions,
  report: InputReport,
  out: Writable,
  err: NodeJS.WritableStream,
): Promise<RunSummary> {
  const stop = options.signal ?? new AbortController().signal;
  const dir = spools.path;
  const spoolOf = (i: number) => join(dir, `part-${i}`);
  const partOptions: PartPrintOptions = {
    output: options.output,
    color: options.color,
    terminal: options.terminal,
    functionName: options.functionName,
    maxLines: options.maxLines,
    maxOpen: options.maxOpen,
    maxHeldMb: options.maxHeldMb,
  };
  const running: RunningPart<LogsPartResult>[] = [];
  try {
    const starts = parts.slice(1).map((inputs, k) => {
      const job: LogsPartJob = { kind: 'logs', inputs, options: partOptions, spool: spoolOf(k + 1) };
      return { job, fileBeforeCut: fileBeforeCut(parts, k + 1) };
    });
    running.push(...startParts<LogsPartResult>(starts, stop));
    // The first part, here: printed as it is read, but for what it leaves open at its end,
    // which one thread would print later (or, if a later part continues it, differently).
    const writer = outputWriter(out);
    const tailPath = join(dir, 'part-0-tail');
    const tail = openSpool(tailPath);
    const context = new StreamContextTable();
    const firstRun = new FirstRun(parts, running, context, {
      functionName: options.functionName,
      signal: stop,
      report,
      err,
      otherSpools: running.map((_, i) => spoolOf(i + 1)),
    });
    let first: PrintedPart;
    try {
      first = await printPart(firstRun.events(), options, {
        body: writer,
        tail: tail.writer,
        facts: firstRun.facts,
        context,
      });
    } finally {
      await tail.close();
    }
    if (firstRun.readOn) {
      await writer.end();
      await copyFileTo(tailPath, out);
      return await finishPrint([first], options, writer, err);
    }
    const results = await firstRun.others();
    // What the first part left open can join it to a later one too (a request named again).
    const why = stop.aborted ? null : inexactness([firstRun.firstFacts(), ...results.map((o) => o.facts)]);
    if (why !== null) {
      sayLine(`${why}; reading the inputs again in one thread`, err);
      const events = readLogEventBatches(parts.flat(), { functionName: options.functionName, report });
      const again = await printPart(events, options, { body: writer, tail: writer, skip: first.body });
      return await finishPrint([again], options, writer, err);
    }
    absorbInputReport(report, firstRun.report);
    for (const o of results) absorbInputReport(report, o.report);
    await writer.end();
    await copyFileTo(tailPath, out);
    for (const i of results.keys()) await copyFileTo(spoolOf(i + 1), out);
    return await finishPrint([first, ...results.map((o) => o.printed)], options, writer, err);
  } catch (error) {
    throw spoolError(error);
  } finally {
    for (const part of running) part.terminate();
    spools.remove();
  }
}
