/**
 * Reported invocations waiting for trailing lines (the XRAY suffix, an old-style timeout
 * line), oldest first. One waits only so long: past both a number of events and a span of
 * event time, it is done. Without it the last invocation of every finished stream would
 * stay in memory.
 */
import type { StreamState } from './state.ts';

const HELD_EVENTS = 256;
const HELD_MS = 2_000;

interface HeldEntry {
  requestId: string;
  stream: StreamState;
  /** The count of events pushed when it was reported. */
  event: number;
  time: number;
}

export class HeldQueue {
  /** Entries behind the head are done, and let go of (null) so that they die young. */
  private queue: (HeldEntry | null)[] = [];
  private head = 0;

  /** Notes that `requestId` was reported in `stream` when `event` events had been pushed. */
  push(requestId: string, stream: StreamState, event: number, time: number): void {
    this.queue.push({ requestId, stream, event, time });
  }

  /**
   * The next stream whose held request has waited long enough, as of `events` pushed and the
   * current event `time`, or null when the oldest still waits. Each is returned once.
   */
  nextWaited(events: number, time: number): StreamState | null {
    const queue = this.queue;
    while (this.head < queue.length) {
      const h = queue[this.head] as HeldEntry;
      if (h.stream.held === h.requestId) {
        const waited = events - h.event;
        // Input whose time jumps (files of different periods one after the other) must not
        // keep an invocation waiting: only a nearby time, either way, counts as still waiting.
        const near = Number.isFinite(time) && Number.isFinite(h.time) && Math.abs(time - h.time) <= HELD_MS;
        if (waited <= HELD_EVENTS || (near && waited <= HELD_EVENTS * 64)) return null;
      }
      queue[this.head] = null;
      this.head++;
      if (this.head > 4096 && this.head * 2 > queue.length) {
        queue.splice(0, this.head);
        this.head = 0;
      }
      if (h.stream.held === h.requestId) return h.stream;
    }
    return null;
  }

  clear(): void {
    this.queue = [];
    this.head = 0;
  }
}
