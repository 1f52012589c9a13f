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

/**
 * The undated documents of a run that the target did not store, by how they ended: the
 * tally counts documents as they go in, and a line the cluster refused is in it too.
 */
export interface UndatedNotStored {
  deadLetteredLines: number;
  deadLetteredInvocations: number;
  pendingLines: number;
  pendingInvocations: number;
}

export const noUndatedNotStored = (): UndatedNotStored => ({
  deadLetteredLines: 0,
  deadLetteredInvocations: 0,
  pendingLines: 0,
  pendingInvocations: 0,
});

/** Counts into `into` the undated ones of documents that ended dead-lettered or pending. */
export function countUndatedNotStored(
  into: UndatedNotStored,
  documents: readonly Pick<ShipDocument, 'kind' | 'placement'>[],
  ending: 'dead-lettered' | 'pending',
): void {
  for (const doc of documents) {
    if (isPlausibleTime(doc.placement)) continue;
    const line = doc.kind === 'line';
    if (ending === 'dead-lettered') {
      if (line) into.deadLetteredLines++;
      else into.deadLetteredInvocations++;
    } else if (line) into.pendingLines++;
    else into.pendingInvocations++;
  }
}

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
