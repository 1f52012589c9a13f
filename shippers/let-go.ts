/**
 * Requests live input let go `incomplete` lately (their stream's next START came, or a
 * bound), kept with their events, so that a part of one read later (its END, its REPORT,
 * a line) is built into the whole invocation rather than into one of that part alone.
 *
 * A document built of the late REPORT alone replaced the `incomplete` document (its
 * completeness version is higher) and lost what only that document knew: the start, the
 * line count, the function version, the trace ID. Built again from every event of the
 * request, it holds what a build from the whole invocation holds, and its version is
 * higher than that of any build of a part of it, so whichever write lands last, the whole
 * one stays: a redelivered late REPORT (built alone, once the request is forgotten here)
 * is answered "already there".
 *
 * Kept in memory: a run of `ship` from live input, or a warm container of the shipper
 * Lambda (committed with its stream carry, after delivery). A part read by another
 * container, or after the request was forgotten, is built alone, as before.
 *
 * Bounded: `maxRequests` requests and `maxBytes` of their events' text (counted as held
 * lines are, held-text.ts), the request let go longest ago forgotten first; a request
 * whose events alone pass `maxBytes` is not kept.
 */
import { heldSize, MIB } from '../collectors/correlator/held-text.ts';
import type { Invocation, LogEvent } from '../collectors/model.ts';

/** Requests kept: a follower's sweep (10 minutes) of let-go requests on a busy stream. */
export const LET_GO_REQUESTS = 1_000;
/** Text kept: a few pages of a subscription batch, far within the shipper Lambda's memory. */
export const LET_GO_BYTES = 16 * MIB;

export interface LetGoRequest {
  /**
   * The invocation as it was let go, its lines left out: what its stream told it (runtime
   * version, initialization type, region, account), which its events alone may not.
   */
  head: Invocation;
  /** Its events, in the order they were read. */
  events: LogEvent[];
  bytes: number;
}

export class LetGoRequests {
  /** A Map keeps insertion order: its first entry is the request let go longest ago. */
  private readonly requests = new Map<string, LetGoRequest>();
  private total = 0;

  constructor(
    private readonly maxRequests = LET_GO_REQUESTS,
    private readonly maxBytes = LET_GO_BYTES,
  ) {}

  get(requestId: string): LetGoRequest | undefined {
    return this.requests.get(requestId);
  }

  /** Keeps (or replaces) a request let go with these events; it becomes the newest. */
  remember(head: Invocation, events: LogEvent[]): void {
    this.forget(head.requestId);
    let bytes = 0;
    for (const e of events) bytes += heldSize(e);
    if (bytes > this.maxBytes) return;
    this.requests.set(head.requestId, { head: { ...head, lines: [] }, events, bytes });
    this.total += bytes;
    this.evict();
  }

  /** A late line of a request kept: part of the whole its REPORT will be built from. */
  add(requestId: string, event: LogEvent): void {
    const kept = this.requests.get(requestId);
    if (!kept) return;
    const size = heldSize(event);
    kept.events.push(event);
    kept.bytes += size;
    this.total += size;
    if (kept.bytes > this.maxBytes) this.forget(requestId);
    else this.evict();
  }

  private evict(): void {
    while (this.requests.size > this.maxRequests || this.total > this.maxBytes) {
      this.forget(this.requests.keys().next().value as string);
    }
  }

  forget(requestId: string): void {
    const kept = this.requests.get(requestId);
    if (!kept) return;
    this.requests.delete(requestId);
    this.total -= kept.bytes;
  }

  get size(): number {
    return this.requests.size;
  }

  get bytes(): number {
    return this.total;
  }
}
