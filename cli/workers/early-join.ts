/**
 * A part that continues a log stream from the part before it is read again by the first
 * thread (part-facts.ts), but the check that finds it runs when the first part ends. Until
 * then this thread reads a part that is thrown away, and shares the machine with the first
 * thread: on one function's daily copies of full logs (execution environments live across
 * midnight, so their streams cross every cut) `--workers 2` took 1.3 times as long as one thread.
 *
 * So where a cut falls inside one function's files, the thread after it first notes the
 * streams of the file before the cut (the probe), and stops its own reading as soon as its
 * first events show that it continues one of them. The probe is part of what the part
 * before saw, and this part's first events are part of what it sees: whatever the probe
 * check finds, the check at the end finds too (its `inexactness` only grows with either
 * side), so the run reads on in one thread as it would have, sooner. A part stopped this
 * way says so in its facts (`cutShort`), so that it is read again even were the check at
 * the end to find no join (a file that grew after the part before read it): nothing this
 * thread read half-way is used.
 */
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import { createInputReport, readLogEventBatches } from '../../collectors/files/read-inputs.ts';
import { readTextTail } from '../../collectors/files/text-tail.ts';
import { untilAborted } from '../../collectors/kernel/index.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { isReportLine } from '../../collectors/parser/parse-line.ts';
import { inexactness, type PartFacts, PartFactsCollector } from './part-facts.ts';

/**
 * Events of a probe read before giving it up when all were REPORT lines: exports of REPORTs
 * join a later part only where their times overlap, which daily exports never do, and
 * reading the whole file would cost those runs (the usual input of `cost`) a file each.
 */
const REPORTS_ONLY_PROBE = 10_000;

/**
 * How much of the end of a stream-prefixed text copy the probe reads (the whole of other
 * forms): the streams that go on past a day's file are the ones busy at its end, and a
 * probe that reads the whole file costs copies that join nothing a file's reading each.
 * Reading less only finds fewer joins early; the check at the end still finds them all.
 */
const PROBE_TAIL_BYTES = 8 << 20;

/** After how many of its own events a part compares itself with the probe. */
const CHECKS = [1024, 8192, 65_536];

/**
 * The streams (and spans) of the file before a part's cut, read as the part before reads
 * it (only its end, where it is a stream-prefixed copy longer than PROBE_TAIL_BYTES);
 * null when it is not worth comparing (REPORT lines only, so far) or gives no events
 * (reading it for real says why).
 */
export async function probeFacts(
  path: string,
  functionName: string | undefined,
  stop: AbortSignal,
): Promise<PartFacts | null> {
  const facts = new PartFactsCollector(true);
  let events = 0;
  let others = false;
  try {
    const batches =
      (await readTextTail(path, PROBE_TAIL_BYTES, functionName)) ??
      readLogEventBatches([path], { functionName, report: createInputReport() });
    for await (const batch of untilAborted(batches, stop)) {
      for (const event of batch) {
        const report = isReportLine(event.message);
        if (!report) others = true;
        facts.noteEvent(event, report);
      }
      events += batch.length;
      if (!others && events >= REPORTS_ONLY_PROBE) return null;
    }
  } catch {
    return null;
  }
  return stop.aborted || events === 0 ? null : facts.finish(new StreamContextTable());
}

/** A part's facts, compared with the probe's at a few points early on; `onJoined` once they show a join. */
export class EarlyJoinFacts extends PartFactsCollector {
  private events = 0;
  private check = 0;

  constructor(
    private readonly probe: PartFacts,
    private readonly onJoined: () => void,
  ) {
    super();
  }

  override noteEvent(event: LogEvent, report: boolean): void {
    super.noteEvent(event, report);
    if (++this.events !== CHECKS[this.check]) return;
    this.check++;
    // Streams only: the probe learned no group's facts and noted no request.
    const why = inexactness([this.probe, this.finish(new StreamContextTable())]);
    if (why !== null) {
      this.check = CHECKS.length;
      // The part's facts say it stopped: were the check at the end to find no join (a file
      // that grew after the part before read it), the part is still read again, never used.
      this.cutShort = why;
      this.onJoined();
    }
  }
}
