/**
 * `ship` over many files on every core: the inputs are split into parts of consecutive
 * files (partition.ts); the main thread builds the first part's documents and ships them
 * as it goes, worker threads build the others' into spool files (spooled-documents.ts),
 * and once every part is read, and the parts are known to read as one thread reads them
 * (part-facts.ts), the spools are shipped in input order. The documents, their IDs and
 * their order are then one thread's, with one difference: what a part leaves open at its
 * end comes right after that part.
 *
 * A document is written once and never replaced by an equal one, so nothing may be sent
 * that one thread would not send: what the first part leaves open waits in a spool of its
 * own until the check. When the parts are joined, the main thread reads the others on
 * itself before it closes the first (FirstRun); a join seen only once it is closed has all
 * the inputs read again in one thread, without the documents already sent.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import {
  absorbInputReport,
  createInputReport,
  type InputReport,
  readLogEventBatches,
} from '../../collectors/files/read-inputs.ts';
import { untilAborted } from '../../collectors/kernel/index.ts';
import { type AssembleOptions, documentsFromEvents } from '../../shippers/assemble.ts';
import { type DocumentTally, emptyTally, tallyDocument } from '../../shippers/document-tally.ts';
import type { SourceMeta } from '../../shippers/documents.ts';
import type { IndexNames } from '../../shippers/index-names.ts';
import { ndjsonLine, type RenderedLines } from '../../shippers/ndjson/shipper.ts';
import { documentFromSpoolLine, spoolLine } from '../../shippers/spooled-documents.ts';
import type { ShipDocument } from '../../shippers/types.ts';
import { type ShipPricingFlags, shipConfigs, shipPricer } from '../commands/ship-pricing.ts';
import { sayLine } from '../output/say-line.ts';
import { FirstRun } from './first-run.ts';
import { inexactness, type PartFacts, type PartFactsCollector } from './part-facts.ts';
import { fileBeforeCut } from './partition.ts';
import { type RunningPart, startParts } from './pool.ts';
import { openSpool, type Spool, type SpoolDir, spoolError, spoolLineBatches } from './spool.ts';

export interface ShipPartJob {
  kind: 'ship';
  inputs: string[];
  pricing: ShipPricingFlags;
  meta: SourceMeta;
  /** `--function-name`: names the function of inputs that do not. */
  functionName: string | undefined;
  /** The file the part's documents are written to. */
  spool: string;
  /** For an NDJSON target: its index names, and the spool holds the output's own lines. */
  ndjson: IndexNames | undefined;
}

export interface ShipPartResult {
  /** Documents written to the spool, which the main thread checks as it reads them back. */
  documents: number;
  /** The spool's size once written, which copying it out checks (NDJSON). */
  bytes: number;
  /** What the documents were (NDJSON: the main thread copies them out unread). */
  tally: DocumentTally;
  report: InputReport;
  facts: PartFacts;
}

/**
 * Writes a line to a spool; a promise only when the file asks to wait (a promise for
 * every document was about 3% of the NDJSON writer's time).
 */
function spoolText(spool: Spool, line: string): Promise<void> | undefined {
  return spool.writer.put(line) ? spool.writer.drained() : undefined;
}

/** The spool file of part `i` (from 1: the first part's are shipped as built). */
const partSpool = (dir: string, i: number) => join(dir, `part-${i}`);

/** A worker's side: builds its part's documents into its spool file. */
export async function runShipPart(
  job: ShipPartJob,
  stop: AbortSignal,
  facts: PartFactsCollector,
): Promise<ShipPartResult> {
  const report = createInputReport();
  const context = new StreamContextTable();
  const spool = openSpool(job.spool);
  const ndjson = job.ndjson;
  let documents = 0;
  const tally = emptyTally();
  try {
    const pricer = shipPricer(job.pricing, await shipConfigs(job.pricing));
    const events = readLogEventBatches(job.inputs, { functionName: job.functionName, report });
    const built = documentsFromEvents(untilAborted(events, stop), {
      pricer,
      meta: job.meta,
      watch: facts,
      context,
    });
    for await (const doc of built) {
      documents++;
      tallyDocument(tally, doc);
      // For NDJSON the output's lines, which the main thread copies out as they are.
      const wait = spoolText(spool, ndjson ? ndjsonLine(ndjson, doc) : spoolLine(doc));
      if (wait) await wait;
    }
  } finally {
    await spool.close();
  }
  return { documents, bytes: statSync(job.spool).size, tally, report, facts: facts.finish(context) };
}

export interface ShipInPartsOptions {
  pricing: ShipPricingFlags;
  /** The pricer the main thread builds the first part's documents with (the same flags'). */
  pricer: AssembleOptions['pricer'];
  meta: SourceMeta;
  functionName: string | undefined;
  /** The run's report, which reading fills. */
  report: InputReport;
  err: NodeJS.WritableStream;
  /** A stop the user asked for: reading ends, and what was read is shipped. */
  signal: AbortSignal;
}

/**
 * Documents of many files, built by several threads; `close` lets the threads and spools go.
 * For an NDJSON target (`ndjson`: its index names) the other threads' parts come as
 * `RenderedLines`: the output's own lines, copied out without being read back.
 */
export interface PartsDocuments<T = ShipDocument> {
  documents: AsyncIterable<T>;
  close(): void;
}

export function documentsInParts(
  parts: string[][],
  spools: SpoolDir,
  options: ShipInPartsOptions & { ndjson?: undefined },
): PartsDocuments;
export function documentsInParts(
  parts: string[][],
  spools: SpoolDir,
  options: ShipInPartsOptions & { ndjson: IndexNames },
): PartsDocuments<ShipDocument | RenderedLines>;
export function documentsInParts(
  parts: string[][],
  spools: SpoolDir,
  options: ShipInPartsOptions & { ndjson?: IndexNames | undefined },
): PartsDocuments<ShipDocument | RenderedLines> {
  const dir = spools.path;
  const running: RunningPart<ShipPartResult>[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const part of running) part.terminate();
    spools.remove();
  };
  const starts = parts.slice(1).map((inputs, k) => {
    const job: ShipPartJob = {
      kind: 'ship',
      inputs,
      pricing: options.pricing,
      meta: options.meta,
      functionName: options.functionName,
      spool: partSpool(dir, k + 1),
      ndjson: options.ndjson,
    };
    return { job, fileBeforeCut: fileBeforeCut(parts, k + 1) };
  });
  running.push(...startParts<ShipPartResult>(starts, options.signal));
  return { documents: partsInOrder(parts, running, dir, options, close), close };
}

/** The parts' documents in the order described at the top; `close` once they end, however they end. */
async function* partsInOrder(
  parts: string[][],
  running: readonly RunningPart<ShipPartResult>[],
  dir: string,
  options: ShipInPartsOptions & { ndjson?: IndexNames | undefined },
  close: () => void,
): AsyncGenerator<ShipDocument | RenderedLines> {
  try {
    const { signal, report, err } = options;
    const assemble: AssembleOptions = { pricer: options.pricer, meta: options.meta };
    const context = new StreamContextTable();
    const firstRun = new FirstRun(parts, running, context, {
      functionName: options.functionName,
      signal,
      report,
      err,
      otherSpools: running.map((_, i) => partSpool(dir, i + 1)),
    });
    // The first part's documents go as they are built, but for those that close what it left
    // open at its end: one thread would build those later (or, if a later part goes on, differently).
    const tailPath = join(dir, 'part-0-tail');
    const tail = openSpool(tailPath);
    let sent = 0;
    try {
      const built = documentsFromEvents(untilAborted(firstRun.events(), signal), {
        ...assemble,
        watch: firstRun.facts,
        context,
      });
      for await (const doc of built) {
        if (firstRun.ended && !firstRun.readOn) {
          const wait = spoolText(tail, spoolLine(doc));
          if (wait) await wait;
          continue;
        }
        sent++;
        yield doc;
      }
    } finally {
      await tail.close();
    }
    if (firstRun.readOn) return;
    const results = await firstRun.others();
    // What the first part left open can join it to a later one too (a request named again).
    const why = inexactness([firstRun.firstFacts(), ...results.map((o) => o.facts)]);
    if (why !== null && !signal.aborted) {
      sayLine(`${why}; reading the inputs again in one thread`, err);
      const events = readLogEventBatches(parts.flat(), { functionName: options.functionName, report });
      let skip = sent;
      for await (const doc of documentsFromEvents(untilAborted(events, signal), assemble)) {
        if (skip > 0) skip--;
        else yield doc;
      }
      return;
    }
    absorbInputReport(report, firstRun.report);
    for await (const docs of spooledDocuments(tailPath)) for (const doc of docs) yield doc;
    if (why !== null) {
      // Stopped before the parts could be read as one: theirs would not be one thread's documents.
      sayLine(
        `${why}, so what the other threads read is not shipped; run the same command again to ship it`,
        err,
      );
      return;
    }
    for (const [i, o] of results.entries()) {
      absorbInputReport(report, o.report);
      const path = partSpool(dir, i + 1);
      if (options.ndjson) {
        yield { kind: 'rendered', path, documents: o.documents, bytes: o.bytes, tally: o.tally };
        continue;
      }
      let read = 0;
      for await (const docs of spooledDocuments(path)) {
        read += docs.length;
        for (const doc of docs) yield doc;
      }
      // Nothing lost between the threads: a spool cut short fails the run, naming it.
      if (read !== o.documents)
        throw new Error(
          `the spool of part ${i + 2} of the inputs held ${read} documents, not ${o.documents}`,
        );
    }
  } catch (error) {
    throw spoolError(error);
  } finally {
    close();
  }
}

/** A spool's documents, read a chunk at a time. */
async function* spooledDocuments(path: string): AsyncGenerator<ShipDocument[]> {
  for await (const lines of spoolLineBatches(path)) yield lines.map(documentFromSpoolLine);
}
