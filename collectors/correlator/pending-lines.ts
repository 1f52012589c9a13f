/**
 * Lines streams wrote while no request was open in them (see `PendingInit`), bounded like
 * open invocations: a stream may only ever log an init phase, and a million of them must
 * not hold a million line lists. Past the bound the oldest stream's lines are let go of.
 */
import { type IsOpen, OpenOrder } from './open-order.ts';
import type { PendingInit, StreamState } from './stream-table.ts';

function emptyPending(init: boolean, begun: number): PendingInit {
  return {
    init,
    lines: [],
    runtimeVersion: null,
    region: null,
    functionName: null,
    initDurationMs: null,
    restoreDurationMs: null,
    initializationType: null,
    begun,
  };
}

export class PendingLines {
  /** Streams holding pending lines, oldest first. */
  private readonly streams = new Set<StreamState>();
  /** The same oldest first, found in O(1) (a Set's first value walks past deleted ones). */
  private readonly order: OpenOrder<StreamState>;
  private begun = 0;
  private readonly holds: IsOpen<StreamState> = (s, begun) => s.pendingInit?.begun === begun;

  constructor(
    private readonly bound: number,
    /** Told of a stream whose lines were let go of to stay within the bound. */
    private readonly onLetGo: (s: StreamState, lines: number) => void,
  ) {
    this.order = new OpenOrder(bound);
  }

  /** The stream's pending lines, begun on first use; `init` marks them as an init phase. */
  of(s: StreamState, init: boolean): PendingInit {
    let pending = s.pendingInit;
    if (pending === null) {
      pending = emptyPending(init, ++this.begun);
      s.pendingInit = pending;
      this.streams.add(s);
      this.order.push(s, pending.begun, this.holds);
      if (this.streams.size > this.bound) {
        const oldest = this.order.takeOldest(this.holds) as StreamState;
        const lines = this.take(oldest)?.lines.length ?? 0;
        this.onLetGo(oldest, lines);
      }
    } else if (init) {
      pending.init = true;
    }
    return pending;
  }

  /** Takes the stream's pending lines away, or null when it has none. */
  take(s: StreamState): PendingInit | null {
    const pending = s.pendingInit;
    if (pending === null) return null;
    s.pendingInit = null;
    this.streams.delete(s);
    return pending;
  }

  /** Every stream holding pending lines, oldest first (a copy: safe to take from while iterating). */
  holders(): StreamState[] {
    return [...this.streams];
  }
}
