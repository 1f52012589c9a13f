/**
 * Lines streams wrote while no request was open in them (see `PendingInit`), bounded like
 * open invocations: a stream may only ever log an init phase, and a million of them must
 * not hold a million line lists. Past the bound the oldest stream's lines are let go of.
 *
 * A stream keeps its latest MAX_PENDING_LINES lines: those nearest the request that takes
 * them are its cold start's last output, or in a capture that starts mid-request, the
 * request's own lines before its REPORT. Older ones are let go of as they are pushed out,
 * oldest first, so that lines outside any invocation are told in the order they came.
 */
import type { InvocationLine } from '../model.ts';
import { heldSize } from './held-text.ts';
import { OpenOrder } from './open-order.ts';
import type { PendingInit, StreamState } from './state.ts';

/** Lines a stream keeps while no request takes them (an init phase rarely prints more). */
export const MAX_PENDING_LINES = 200;

/** A stream's pending lines as begun: a later begin for the same stream is another holder. */
interface Holder {
  s: StreamState;
  pending: PendingInit;
}

function emptyPending(init: boolean): PendingInit {
  return {
    init,
    lines: [],
    bytes: 0,
    runtimeVersion: null,
    region: null,
    functionName: null,
    initDurationMs: null,
    restoreDurationMs: null,
    initializationType: null,
  };
}

export class PendingLines {
  /** Streams holding pending lines, oldest first. */
  private readonly streams = new Set<StreamState>();
  /** The same, for finding the oldest (a Set's first entry is slow to find after deletions: see open-order.ts). */
  private readonly order = new OpenOrder<Holder>((h) => h.s.pendingInit === h.pending);
  /** What every stream's pending lines count for against the bound on held text (held-text.ts). */
  bytes = 0;

  constructor(
    private readonly bound: number,
    /** Told of a stream whose lines were let go of to stay within the bound. */
    private readonly onLetGo: (s: StreamState, pending: PendingInit | null) => void,
  ) {}

  /** The stream's pending lines, begun on first use; `init` marks them as an init phase. */
  of(s: StreamState, init: boolean): PendingInit {
    let pending = s.pendingInit;
    if (pending === null) {
      pending = emptyPending(init);
      s.pendingInit = pending;
      this.streams.add(s);
      this.order.add({ s, pending }, this.streams.size);
      if (this.streams.size > this.bound) this.letGoOldest();
    } else if (init) {
      pending.init = true;
    }
    return pending;
  }

  /**
   * Adds a line to a stream's pending lines (`of` gave them); past MAX_PENDING_LINES, returns
   * the oldest one, let go of to make room, or null.
   */
  add(pending: PendingInit, line: InvocationLine, time: number): InvocationLine | null {
    const lines = pending.lines;
    lines.push({ line, time });
    let size = heldSize(line);
    let pushedOut: InvocationLine | null = null;
    if (lines.length > MAX_PENDING_LINES) {
      pushedOut = (lines.shift() as { line: InvocationLine }).line;
      size -= heldSize(pushedOut);
    }
    pending.bytes += size;
    this.bytes += size;
    return pushedOut;
  }

  /** Lets go of the lines of the stream that began holding them first; false when none holds any. */
  letGoOldest(): boolean {
    const oldest = this.order.oldest();
    if (oldest === undefined) return false;
    this.onLetGo(oldest.s, this.take(oldest.s));
    return true;
  }

  /** Takes the stream's pending lines away, or null when it has none. */
  take(s: StreamState): PendingInit | null {
    const pending = s.pendingInit;
    if (pending === null) return null;
    s.pendingInit = null;
    this.streams.delete(s);
    this.bytes -= pending.bytes;
    return pending;
  }

  /** Every stream holding pending lines, oldest first (a copy: safe to take from while iterating). */
  holders(): StreamState[] {
    return [...this.streams];
  }
}
