/**
 * Whether reading the inputs in parts, each part by its own thread, gives what one thread
 * reading them in order gives. A part's reading matches one thread's when nothing of an
 * earlier part is still in play, and three things can be:
 *
 * - a log stream: correlation is per stream, so a stream that continues from one part into
 *   another (a capture cut mid-request, the same events twice) needs one thread, unless
 *   the earlier part held nothing but REPORT lines (daily exports of REPORTs) and the
 *   stream's events in the later part are all later than its events there: each REPORT is
 *   an invocation of its own, waiting only for lines tagged with its ID (the request
 *   rule's to judge), and no later event can be one of them again, which one thread would
 *   drop as a duplicate;
 * - a request: lines are joined to an open invocation by request ID whatever their stream,
 *   so an invocation a part leaves open (see below) must not be named again later;
 * - a log group's facts (Region, account, runtime: stream-context.ts), which one thread
 *   applies to every invocation closing after it learned them, whatever file taught them.
 *
 * What a part leaves open at its end (unreported invocations, REPORTs waiting for trailing
 * lines) one thread closes later, while reading the next part; everything else closes at
 * the same point of the part's own events either way: sweeps count from each input's
 * start (Correlator.newInput), and the bounds on open invocations let the oldest go first,
 * which are the earlier part's.
 *
 * Each part notes what it saw as it reads; the main thread compares the parts in input
 * order, and reads on (or, failing that, again) in one thread when they do not match.
 */
import { requestIdHash, tableHash } from '../../collectors/correlator/request-id-hash.ts';
import type { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import type { WatchedInvocation } from '../../collectors/correlator/types.ts';
import { identityGroup } from '../../collectors/dedupe/fingerprint.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { type StreamSummary, StreamTable, streamJoin } from './stream-summary.ts';

/** Bits of the group facts an invocation can lack or a part can learn. */
const REGION = 1;
const ACCOUNT = 2;
const RUNTIME = 4;

/**
 * Past this many streams a part stops noting them, and is read again by one thread: at most
 * 64 bytes each while read, 28 as they cross to the main thread (stream-summary.ts).
 */
const MAX_STREAMS = 2_000_000;
/** Past this many invocations a part stops noting their IDs (8 bytes each), likewise. */
const MAX_IDS = 16_000_000;
/** Past this many invocations left open at a part's end, likewise. */
const MAX_TAIL = 100_000;

/** What one part saw, as it crosses to the main thread. */
export interface PartFacts {
  /** The streams it read, each under the hash of its key, with its span; null past the bound. */
  streams: StreamSummary | null;
  /**
   * `requestIdHash`es of the request IDs of every invocation it printed (none for the first
   * part: nothing before it can have left a request open); null past the bound. Every
   * thread of a run hashes with one seed (request-id-hash.ts).
   */
  requestIds: Float64Array | null;
  /** Request IDs of the invocations it left open at its end, or null past the bound. */
  tailIds: string[] | null;
  /** Group → facts the part's invocations closed without. */
  lacked: [string, number][];
  /** Group → facts the invocations it left open lacked (one thread closes those later). */
  tailLacked: [string, number][];
  /** Group → facts the part learned. */
  learned: [string, number][];
  /** Whether every event of the part was a REPORT line: its streams join nothing later. */
  reportsOnly: boolean;
  /**
   * Why the part's reading stopped before its end, or null when it read all of it: a part
   * seen early to join the one before (early-join.ts) holds only its first events.
   */
  cutShort: string | null;
}

export class PartFactsCollector {
  private streams: StreamTable | null = new StreamTable();
  /** Where the span of the stream of the last event is, or -1 past the bound. */
  private span = -1;
  private ids = new Float64Array(1024);
  private idCount = 0;
  private idsOverflow = false;
  private readonly tailIds: string[] = [];
  private readonly lacked = new Map<string, number>();
  /** Set by a collector that stops its part's reading (see `PartFacts.cutShort`). */
  protected cutShort: string | null = null;
  private readonly tailLacked = new Map<string, number>();
  private lastLackedGroup: string | null = null;
  private lastLacks = 0;
  private lastGroup: string | undefined = undefined;
  private lastStream: string | undefined = undefined;
  private reportsOnly = true;

  /**
   * `first`: the part read first, whose requests no earlier part can have left open, so
   * their IDs are not noted (hashing every ID was a tenth of a thread's reading of REPORTs).
   */
  constructor(private readonly first = false) {}

  /** Notes an event's stream, and whether it was a REPORT; runs of one stream cost two comparisons. */
  noteEvent(event: LogEvent, report: boolean): void {
    if (!report) this.reportsOnly = false;
    const group = event.logGroup ?? event.functionName;
    const stream = event.logStream;
    if (group !== this.lastGroup || stream !== this.lastStream) {
      this.lastGroup = group;
      this.lastStream = stream;
      // Streams are compared as the dedupe knows them (a Lambda group by its function): a
      // group's events read in one part and its function's export in another are the same
      // events, which one thread drops as duplicates. Events whose group is the same are
      // the same stream for the correlator too.
      this.span = this.spanOf(identityGroup(event) ?? '', stream ?? '');
    }
    const at = this.span;
    if (at < 0) return;
    const time = event.timestamp;
    const spans = (this.streams as StreamTable).spans;
    if (Number.isFinite(time)) {
      if (time < (spans[at] as number)) spans[at] = time;
      if (time > (spans[at + 1] as number)) spans[at + 1] = time;
    } else {
      spans[at] = Number.NEGATIVE_INFINITY;
      spans[at + 1] = Number.POSITIVE_INFINITY;
    }
  }

  /** Where a stream's span is kept, the stream noted if new; -1 past the bound. */
  private spanOf(group: string, stream: string): number {
    const streams = this.streams;
    if (streams === null) return -1;
    const at = streams.spanOf(group, stream);
    if (streams.size <= MAX_STREAMS) return at;
    this.streams = null;
    return -1;
  }

  /** Notes an invocation printed; `tail`: it was still open when the part's input ended. */
  noteInvocation(inv: WatchedInvocation, tail: boolean, idHash?: number): void {
    this.noteRequestId(inv.requestId, idHash);
    if (tail && this.tailIds.length <= MAX_TAIL) this.tailIds.push(inv.requestId);
    const lacks =
      (inv.region === null ? REGION : 0) |
      (inv.accountId === null ? ACCOUNT : 0) |
      (inv.runtimeVersion === null ? RUNTIME : 0);
    if (lacks === 0) return;
    const group = inv.logGroup ?? inv.functionName ?? '';
    // Runs of one group lacking the same facts (a REPORT-only input lacks them all) skip the map.
    if (!tail && group === this.lastLackedGroup && (lacks & ~this.lastLacks) === 0) return;
    const map = tail ? this.tailLacked : this.lacked;
    const bits = (map.get(group) ?? 0) | lacks;
    map.set(group, bits);
    if (!tail) {
      this.lastLackedGroup = group;
      this.lastLacks = bits;
    }
  }

  /** What the part saw, with the group facts its context table learned. */
  finish(context: StreamContextTable): PartFacts {
    const learned: [string, number][] = [];
    for (const [group, facts] of context.groupEntries()) {
      const bits =
        (facts.region ? REGION : 0) | (facts.accountId ? ACCOUNT : 0) | (facts.runtimeVersion ? RUNTIME : 0);
      if (bits !== 0) learned.push([group, bits]);
    }
    return {
      // A copy: the first part's facts are taken while its thread may go on noting (reading on).
      streams: this.streams?.summary() ?? null,
      requestIds: this.idsOverflow ? null : this.ids.slice(0, this.idCount),
      tailIds: this.tailIds.length > MAX_TAIL ? null : this.tailIds,
      lacked: [...this.lacked],
      tailLacked: [...this.tailLacked],
      learned,
      reportsOnly: this.reportsOnly,
      cutShort: this.cutShort,
    };
  }

  private noteRequestId(id: string, idHash: number | undefined): void {
    if (this.idsOverflow || this.first) return;
    if (this.idCount === this.ids.length) {
      if (this.idCount >= MAX_IDS) {
        this.idsOverflow = true;
        this.ids = new Float64Array(0);
        return;
      }
      const grown = new Float64Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    // A lone REPORT's ID was hashed as it was read (report-run.ts): not again here.
    this.ids[this.idCount++] = idHash ?? requestIdHash(id);
  }
}

/**
 * Why the parts (in input order) would not read as one thread reads them, naming the first
 * stream, request or group at fault; null when they would.
 */
export function inexactness(parts: readonly PartFacts[]): string | null {
  // A part read only in part is never taken as read, whatever the rest shows.
  for (const part of parts) if (part.cutShort !== null) return part.cutShort;
  for (const part of parts) {
    if (part.streams === null || part.requestIds === null || part.tailIds === null)
      return 'a part of the inputs holds too many log streams or invocations to compare';
  }
  const joined = streamJoin(parts as readonly (PartFacts & { streams: StreamSummary })[]);
  if (joined !== null) return joined;
  const learnedBefore = new Map<string, number>();
  const learnedAfter = new Map<string, number>();
  // Requests earlier parts left open, by hash: each later part's requests are looked up once,
  // most of them by a bit of the filter alone.
  const openBefore = new Map<number, string>();
  const filter = new HashFilter();
  for (const [k, part] of parts.entries()) {
    const later = parts.slice(k + 1);
    if (openBefore.size > 0) {
      const hashes = part.requestIds as Float64Array;
      for (let i = 0; i < hashes.length; i++) {
        const hash = hashes[i] as number;
        const id = filter.mayHold(hash) ? openBefore.get(hash) : undefined;
        if (id !== undefined)
          return `request ${id} is left open in one part of the inputs and named again in another`;
      }
    }
    for (const id of part.tailIds as string[]) {
      const hash = requestIdHash(id);
      openBefore.set(hash, id);
      filter.add(hash);
    }
    for (const [group, bits] of part.lacked) {
      if (((learnedBefore.get(group) ?? 0) & bits) !== 0) return describedElsewhere(group);
    }
    // What the parts after this one learn (recomputed as the loop moves on).
    learnedAfter.clear();
    for (const p of later) for (const [group, bits] of p.learned) orInto(learnedAfter, group, bits);
    for (const [group, bits] of part.tailLacked) {
      if (((learnedAfter.get(group) ?? 0) & bits) !== 0) return describedElsewhere(group);
    }
    for (const [group, bits] of part.learned) orInto(learnedBefore, group, bits);
  }
  return null;
}

/** 2^20 bits: with the 10,000 REPORTs a part leaves waiting, 1% of lookups go on to the map. */
const FILTER_BITS = 1 << 20;

/**
 * A bit for each value of the low 20 bits of the hashes added: a hash whose bit is clear was
 * not added. A part of REPORT lines notes millions of requests, and looking each up in a
 * `Map` keyed by its 53-bit hash (a number V8 hashes as a double) took 90 ms of the main
 * thread's time for 2 million, after both threads had finished.
 */
class HashFilter {
  private words: Int32Array | null = null;

  add(hash: number): void {
    this.words ??= new Int32Array(FILTER_BITS >>> 5);
    const low = tableHash(hash) & (FILTER_BITS - 1);
    this.words[low >>> 5] = (this.words[low >>> 5] as number) | (1 << (low & 31));
  }

  mayHold(hash: number): boolean {
    const words = this.words;
    if (words === null) return false;
    const low = tableHash(hash) & (FILTER_BITS - 1);
    return ((words[low >>> 5] as number) & (1 << (low & 31))) !== 0;
  }
}

function orInto(map: Map<string, number>, key: string, bits: number): void {
  map.set(key, (map.get(key) ?? 0) | bits);
}

function describedElsewhere(group: string): string {
  return `what log group ${group || '(unnamed)'} is (Region, account, runtime) is learned in one part of the inputs and needed in another`;
}
