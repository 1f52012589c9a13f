/**
 * What a run's documents were, counted as they pass: the invocations among them (none means
 * the input held no Lambda invocation, only lines, which the run says), and those in the
 * undated indices: lines with no time of their own and no timed line before them in their
 * stream (kept at their invocation's time or with no `@timestamp`), and invocations whose
 * lines carry no time (kept with no `@timestamp`, in no month's cost report), easily missed.
 */
import { isPlausibleTime } from '../collectors/line-time.ts';
import type { RenderedLines } from './ndjson/shipper.ts';
import type { DocumentTally, ShipDocument } from './types.ts';

export type { DocumentTally } from './types.ts';

export const emptyTally = (): DocumentTally => ({ invocations: 0, undatedLines: 0, undatedInvocations: 0 });

/** Counts one document into `tally`. */
export function tallyDocument(tally: DocumentTally, doc: Pick<ShipDocument, 'kind' | 'placement'>): void {
  const undated = !isPlausibleTime(doc.placement);
  if (doc.kind === 'line') {
    if (undated) tally.undatedLines++;
  } else {
    tally.invocations++;
    if (undated) tally.undatedInvocations++;
  }
}

/**
 * Passes the documents through unchanged, counting them into `tally`; lines another thread
 * already wrote (`RenderedLines`) add the tally it counted as it wrote them.
 */
export async function* tallying<T extends ShipDocument | RenderedLines>(
  documents: AsyncIterable<T>,
  tally: DocumentTally,
): AsyncGenerator<T> {
  for await (const doc of documents) {
    if (doc.kind === 'rendered') {
      tally.invocations += doc.tally.invocations;
      tally.undatedLines += doc.tally.undatedLines;
      tally.undatedInvocations += doc.tally.undatedInvocations;
    } else tallyDocument(tally, doc);
    yield doc;
  }
}
