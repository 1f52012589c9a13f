/**
 * What a warm container of the log-shipping Lambda keeps of each stream between
 * subscription batches: the events the next batch's correlator must read again (not ship
 * again) to take up the stream where this batch left it.
 *
 * That is what follows the stream's last REPORT (the request running, an init phase's
 * lines), and, when a request begun before that REPORT still waits for its own, everything
 * from that request's beginning. CloudWatch may deliver a request's END and REPORT after
 * the whole next request of its stream (ingested late): the correlator, reading
 * deliveries as live input, keeps such a displaced request open past the next request's
 * REPORT, and only a replay of both requests leaves it displaced again in the next batch,
 * where the stream's next START lets it go `incomplete`, as one correlator reading every
 * delivery would (its events are then kept apart, for its late END and REPORT: let-go.ts).
 * Replaying its own lines alone would take it for the running request every time, and it
 * would wait, carried from batch to batch, for ever.
 *
 * Bounded: `maxCarryPerStream` events per stream (the latest), `maxCarryStreams` streams
 * (the least recently delivered dropped first).
 */
import type { LogEvent } from '../collectors/model.ts';
import type { ParsedLine } from '../collectors/parser/types.ts';

/** Per stream key, the events replayed into the next batch's correlator. */
export type StreamCarry = Map<string, LogEvent[]>;

export interface CarryBounds {
  /** Events kept per stream between batches. */
  maxCarryPerStream?: number | undefined;
  /** Streams kept between batches (least recently seen dropped first). */
  maxCarryStreams?: number | undefined;
}

/** Where each stream's carry begins, learnt while a batch's events (carried ones first) are read. */
export class CarryMarks {
  /** Per stream, the length of its list just after its last REPORT. */
  private readonly afterReport = new Map<string, number>();
  /** Per request begun in the batch's lists: its stream, and where its stream's last REPORT before it ended. */
  private readonly begun = new Map<string, { key: string; from: number }>();
  /** Per stream, where the first request still waiting for its REPORT at the end begins. */
  private readonly waitingFrom = new Map<string, number>();

  /** Notes the event just appended to stream `key`'s list, now `length` long. */
  note(key: string, length: number, parsed: ParsedLine, requestId: string | null): void {
    if (parsed.kind === 'start' && requestId !== null) {
      this.begun.set(requestId, { key, from: this.afterReport.get(key) ?? 0 });
    } else if (parsed.kind === 'report') {
      this.afterReport.set(key, length);
    }
  }

  /**
   * A request still open without its REPORT at the end of the batch: if its START was
   * read, its stream's carry begins before it. One begun elsewhere (a delivery to another
   * container, a line read late) has no START here and keeps nothing before the last REPORT.
   */
  waiting(requestId: string): void {
    const begun = this.begun.get(requestId);
    if (!begun) return;
    const from = this.waitingFrom.get(begun.key);
    if (from === undefined || begun.from < from) this.waitingFrom.set(begun.key, begun.from);
  }

  /** Updates `carry` in place from the batch's lists: what each touched stream keeps. */
  commit(carry: StreamCarry, lists: Map<string, LogEvent[]>, bounds: CarryBounds): void {
    const maxPer = bounds.maxCarryPerStream ?? 2_000;
    const maxStreams = bounds.maxCarryStreams ?? 1_000;
    for (const [key, list] of lists) {
      const from = Math.min(this.afterReport.get(key) ?? 0, this.waitingFrom.get(key) ?? list.length);
      const tail = list.slice(Math.max(from, list.length - maxPer));
      // Deleted first so that a stream seen again moves to the back of the eviction order.
      carry.delete(key);
      if (tail.length > 0) carry.set(key, tail);
    }
    while (carry.size > maxStreams) carry.delete(carry.keys().next().value as string);
  }
}
