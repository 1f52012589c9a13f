/**
 * Lines streams wrote while no request was open in them (see `PendingInit`), bounded like
 * open invocations: a stream may only ever log an init phase, and a million of them must
 * not hold a million line lists. Past the bound the oldest stream's lines are let go of.
 */
import { OpenOrder } from './open-order.ts';
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
  /**
   * The same oldest first, found in O(1) (a Set's first value walks past deleted ones): a
   * stream with the number its lines were begun under, so that one begun again is not
   * taken for its earlier place.
   */
  private readonly order = new OpenOrder<{ s: StreamState; begun: number }>(
    (e) => e.s.pendingInit?.begun === e.begun,
  );
  private begun = 0;

  constructor(
    private readonly bound: number,
    /** Told of a stream whose lines were let go of to stay within the bound. */
    private readonly onLetGo: (s: StreamState, lines: number) => void,
  ) {}

  /** The stream's pending lines, begun on first use; `init` marks them as an init phase. */
  of(s: StreamState, init: boolean): PendingInit {
    let pending = s.pendingInit;
    if (pending === null) {
      pending = emptyPending(init, ++this.begun);
      s.pendingInit = pending;
      this.streams.add(s);
      this.order.add({ s, begun: pending.begun }, this.streams.size);
      if (this.streams.size > this.bound) {
        const oldest = (this.order.oldest() as { s: StreamState }).s;
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
