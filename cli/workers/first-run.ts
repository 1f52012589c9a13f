/**
 * The run of files the main thread reads itself, the first, and what it does once that run
 * is read and before its reader closes what the run left open: it waits for the other threads, and
 * when a stream or a log group's facts join the runs (part-facts.ts) it reads the other runs
 * on itself, with the same correlator and duplicate check, as one thread reads them all.
 * A join seen only once the run is closed (a request it left open, named again later) is the
 * caller's to handle, by reading everything again. When the other threads could not write
 * their spools (a full temporary folder), it reads the other runs on too, once it has let
 * those threads and their spools go.
 */
import { rmSync } from 'node:fs';
import type { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import { createEventDedupe, type EventDedupe } from '../../collectors/dedupe/event-dedupe.ts';
import {
  absorbInputReport,
  createInputReport,
  endsCut,
  type InputReport,
  readLogEventBatches,
} from '../../collectors/files/read-inputs.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { sayLine } from '../output/say-line.ts';
import { inexactness, type PartFacts, PartFactsCollector } from './part-facts.ts';
import { partResults, type RunningPart } from './pool.ts';
import { isSpoolFailure, noteOneThread } from './spool.ts';

export class FirstRun<T extends { facts: PartFacts }> {
  /** What reading the first run found, added to the run's report when it is kept or read on from. */
  readonly report = createInputReport();
  readonly facts = new PartFactsCollector(true);
  /** One duplicate check for the first run and, if this thread reads on, the rest. */
  readonly dedupe: EventDedupe = createEventDedupe();
  /** Whether the first run's own events have all been given (what comes after closes it, or reads on). */
  ended = false;
  /** Whether this thread read the other runs on. */
  readOn = false;
  private results: T[] | null = null;

  constructor(
    private readonly parts: string[][],
    private readonly running: readonly RunningPart<T>[],
    private readonly context: StreamContextTable,
    private readonly options: {
      functionName: string | undefined;
      signal: AbortSignal;
      /** The run's report, which reading on fills. */
      report: InputReport;
      err: NodeJS.WritableStream;
      /**
       * The other runs' spool files, for threads that spool what they read: when they cannot
       * write them, this thread reads their runs, and the files are removed.
       */
      otherSpools?: readonly string[] | undefined;
    },
  ) {}

  /**
   * The first run's events, then, once they end (and before the reader closes what the run
   * left open), the other runs' when they are joined to it.
   */
  async *events(): AsyncGenerator<LogEvent[]> {
    yield* readLogEventBatches(this.parts[0] ?? [], {
      functionName: this.options.functionName,
      report: this.report,
      dedupe: this.dedupe,
    });
    this.ended = true;
    const rest = await this.joined();
    if (rest) yield* rest;
  }

  /** The other threads' results, in input order, waited for once. */
  async others(): Promise<T[]> {
    this.results ??= await partResults(this.running);
    return this.results;
  }

  /** The first run's facts, with what its context learned. */
  firstFacts(): PartFacts {
    return this.facts.finish(this.context);
  }

  /**
   * The other runs' events, read on from the first, when they are joined to it or their
   * threads could not spool them; else null.
   */
  private async joined(): Promise<AsyncIterable<LogEvent[]> | null> {
    let why: string | null;
    try {
      const others = await this.others();
      if (this.options.signal.aborted) return null;
      why = inexactness([this.firstFacts(), ...others.map((o) => o.facts)]);
    } catch (err) {
      const spools = this.options.otherSpools;
      if (!spools || !isSpoolFailure(err) || this.options.signal.aborted) throw err;
      // The threads still writing would only fill the folder further; their spools go too.
      for (const part of this.running) part.terminate();
      for (const path of spools) rmSync(path, { force: true });
      noteOneThread(err, this.options.err, 'reading the rest of the inputs');
      return this.readRest();
    }
    if (why === null) return null;
    sayLine(`${why}; reading the rest of the inputs in one thread`, this.options.err);
    return this.readRest();
  }

  /** The other runs' events, read here after the first's, with its duplicate check. */
  private readRest(): AsyncIterable<LogEvent[]> {
    this.readOn = true;
    absorbInputReport(this.options.report, this.report);
    return readLogEventBatches(this.parts.flat(), {
      functionName: this.options.functionName,
      report: this.options.report,
      dedupe: this.dedupe,
      from: this.parts[0]?.length ?? 0,
      afterCut: endsCut(this.report.inputs),
    });
  }
}
