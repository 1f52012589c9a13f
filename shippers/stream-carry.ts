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
 * (the least recently delivered dropped first), and `maxCarryBytes` for all streams
 * together. The counts alone let 2,000 × 1,000 events of up to 256 KB each be kept: a
 * busy group of long lines ran the Lambda out of memory, its delivery failed and was
 * retried, and shipping stopped. Past the bytes, the oldest events go first: the least
 * recently delivered stream's, from its start, as the bound per stream lets a stream's
 * oldest go.
 *
 * Letting go of a carried event never loses it (it was shipped when it came), but the
 * next delivery reads its stream without it: a request it began is written without its
 * first lines (no start, no version, fewer lines counted), and the request's untagged
 * lines that follow are shipped with no request ID. Every event let go is counted
 * (`CarryLetGo`), and the Lambda says so in its log and its metrics.
 */
import { keptSize, MIB } from '../collectors/correlator/held-text.ts';
import type { LogEvent } from '../collectors/model.ts';
import type { ParsedLine } from '../collectors/parser/types.ts';

/** Per stream key, the events replayed into the next batch's correlator. */
export type StreamCarry = Map<string, LogEvent[]>;

export interface CarryBounds {
  /** Events kept per stream between batches. */
  maxCarryPerStream?: number | undefined;
  /** Streams kept between batches (least recently seen dropped first). */
  maxCarryStreams?: number | undefined;
  /** What all streams' carried events may take, in bytes as `carriedSize` counts them. */
  maxCarryBytes?: number | undefined;
}

export const DEFAULT_MAX_CARRY_PER_STREAM = 2_000;
export const DEFAULT_MAX_CARRY_STREAMS = 1_000;
/**
 * 64 MiB: an eighth of the 512 MB the deploy template gives the function, beside the batch
 * being shipped and the correlator's own bound. It still holds 128 of CloudWatch's largest
 * events, or some 200,000 lines of 100 characters.
 */
export const DEFAULT_MAX_CARRY_BYTES = 64 * MIB;

/** What a carried event counts for against `maxCarryBytes`: at most what keeping it costs. */
export function carriedSize(event: Pick<LogEvent, 'message'>): number {
  return keptSize(event.message);
}

/** Events a commit let go of, by the bound that let them go. */
export interface CarryLetGo {
  /** Past `maxCarryPerStream`: a stream's oldest. */
  perStream: number;
  /** Past `maxCarryStreams`: every event of the least recently delivered streams. */
  streams: number;
  /** Past `maxCarryBytes`: the oldest of the least recently delivered streams. */
  bytes: number;
}

/** Every event a commit let go of, whatever the bound. */
export function carryLetGoTotal(letGo: CarryLetGo): number {
  return letGo.perStream + letGo.streams + letGo.bytes;
}

/**
 * The log line for a commit that let events go: what was let go, why (with the shipper
 * Lambda's variable that sets each bound), and what it costs.
 */
export function carryLetGoMessage(letGo: CarryLetGo, bounds: CarryBounds = {}): string {
  const why: string[] = [];
  if (letGo.perStream > 0)
    why.push(
      `${letGo.perStream} past ${bounds.maxCarryPerStream ?? DEFAULT_MAX_CARRY_PER_STREAM} events a stream, set by CARRY_MAX_EVENTS_PER_STREAM`,
    );
  if (letGo.streams > 0)
    why.push(
      `${letGo.streams} of streams past the ${bounds.maxCarryStreams ?? DEFAULT_MAX_CARRY_STREAMS} kept, set by CARRY_MAX_STREAMS`,
    );
  if (letGo.bytes > 0)
    why.push(
      `${letGo.bytes} past ${mib(bounds.maxCarryBytes ?? DEFAULT_MAX_CARRY_BYTES)} kept, set by CARRY_MAX_MB`,
    );
  return (
    `let go of ${carryLetGoTotal(letGo)} event(s) kept for the next deliveries of their streams (${why.join('; ')}): ` +
    'they were shipped, but a request they began is written without them, and its untagged lines to come with no request ID'
  );
}

const mib = (bytes: number): string =>
  bytes < MIB ? `${bytes} bytes` : `${Math.round((bytes / MIB) * 100) / 100} MiB`;

/**
 * The bytes of each list the carry holds, counted once: the carry's lists are replaced,
 * never changed in place, so a list's count holds as long as the list does.
 */
const listBytes = new WeakMap<LogEvent[], number>();

function bytesOf(list: LogEvent[]): number {
  let bytes = listBytes.get(list);
  if (bytes === undefined) {
    bytes = 0;
    for (const e of list) bytes += carriedSize(e);
    listBytes.set(list, bytes);
  }
  return bytes;
}

/**
 * The bytes each carry holds in all, kept up to date by `commit` (the only place a carry
 * changes): summing every stream's count at each commit walked up to 1,000 streams a
 * delivery, a third of the time of building a small one. A carry first met is summed once.
 */
const carryTotals = new WeakMap<StreamCarry, number>();

function totalOf(carry: StreamCarry): number {
  let total = carryTotals.get(carry);
  if (total === undefined) {
    total = 0;
    for (const list of carry.values()) total += bytesOf(list);
  }
  return total;
}

/**
 * Lets the oldest carried events go until `total`, the carry's bytes, is within `maxBytes`:
 * the least recently delivered stream's first, each stream's from its start. Returns how
 * many went and the bytes left.
 */
function letOldestGo(carry: StreamCarry, total: number, maxBytes: number): { letGo: number; total: number } {
  let letGo = 0;
  for (const [key, list] of carry) {
    if (total <= maxBytes) break;
    let bytes = bytesOf(list);
    let from = 0;
    while (from < list.length && total > maxBytes) {
      const size = carriedSize(list[from] as LogEvent);
      total -= size;
      bytes -= size;
      from++;
    }
    letGo += from;
    if (from === list.length) {
      carry.delete(key);
    } else {
      const kept = list.slice(from);
      listBytes.set(kept, bytes);
      // Set again, not deleted: the stream keeps its place in the order of delivery.
      carry.set(key, kept);
    }
  }
  return { letGo, total };
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

  /**
   * Updates `carry` in place from the batch's lists: what each touched stream keeps.
   * Returns what the bounds let go of; what a finished request no longer needs is not let go.
   */
  commit(carry: StreamCarry, lists: Map<string, LogEvent[]>, bounds: CarryBounds): CarryLetGo {
    const maxPer = bounds.maxCarryPerStream ?? DEFAULT_MAX_CARRY_PER_STREAM;
    const maxStreams = bounds.maxCarryStreams ?? DEFAULT_MAX_CARRY_STREAMS;
    const letGo: CarryLetGo = { perStream: 0, streams: 0, bytes: 0 };
    let total = totalOf(carry);
    for (const [key, list] of lists) {
      const from = Math.min(this.afterReport.get(key) ?? 0, this.waitingFrom.get(key) ?? list.length);
      const start = Math.max(from, list.length - maxPer);
      letGo.perStream += start - from;
      const tail = list.slice(start);
      // Deleted first so that a stream seen again moves to the back of the eviction order.
      const before = carry.get(key);
      if (before !== undefined) total -= bytesOf(before);
      carry.delete(key);
      if (tail.length > 0) {
        carry.set(key, tail);
        total += bytesOf(tail);
      }
    }
    while (carry.size > maxStreams) {
      const [key, list] = carry.entries().next().value as [string, LogEvent[]];
      carry.delete(key);
      total -= bytesOf(list);
      letGo.streams += list.length;
    }
    const trimmed = letOldestGo(carry, total, bounds.maxCarryBytes ?? DEFAULT_MAX_CARRY_BYTES);
    letGo.bytes = trimmed.letGo;
    carryTotals.set(carry, trimmed.total);
    return letGo;
  }
}
