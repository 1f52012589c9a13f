/**
 * Moves events from a source into the store: as fast as possible (yielding to the event
 * loop so keys and frames still get their turn) or paced by the events' own timestamps.
 */
import { LIVE_HOLD_MS, SETTLE, withSettleTicks } from '../../collectors/correlator/live-settle.ts';
import { sleep } from '../../collectors/kernel/index.ts';
import type { LogEvent } from '../../collectors/model.ts';
import type { TailStore } from './store.ts';

export interface PumpOptions {
  /** Replay speed: 1 = the pace the events were logged at, 10 = ten times faster; null = no pacing. */
  speed: number | null;
  signal?: AbortSignal;
  /**
   * Live input: lag is `now − event time` (rather than how far a replay runs behind), and
   * reported invocations are completed by the wall clock (see live-settle.ts).
   */
  liveLag?: boolean;
}

/** Events between two yields to the event loop when not paced. */
const YIELD_EVERY = 256;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Resolves when the source ends (then the store holds everything) or the signal aborts. */
export async function pumpEvents(
  events: AsyncIterable<LogEvent>,
  store: TailStore,
  options: PumpOptions,
): Promise<void> {
  const now = Date.now;
  let firstTs: number | null = null;
  let startWall = 0;
  let sinceYield = 0;
  let lastLagUpdate = 0;
  const items = options.liveLag ? withSettleTicks(events) : events;
  for await (const event of items) {
    if (options.signal?.aborted) return;
    if (event === SETTLE) {
      store.settle(LIVE_HOLD_MS);
      continue;
    }
    const ts = event.timestamp;
    if (options.speed !== null && Number.isFinite(ts)) {
      if (firstTs === null) {
        firstTs = ts;
        startWall = now();
      }
      const due = startWall + (ts - firstTs) / options.speed;
      const wait = due - now();
      if (wait > 1) {
        // The timer ends early (rejecting) when the signal aborts: quitting never waits for the next due event.
        await sleep(wait, options.signal).catch(() => {});
        if (options.signal?.aborted) return;
        sinceYield = 0;
      }
      if (now() - lastLagUpdate > 250) {
        lastLagUpdate = now();
        store.setSource({ lagMs: Math.max(0, Math.round(now() - due)) });
      }
    } else if (options.liveLag && Number.isFinite(ts) && now() - lastLagUpdate > 250) {
      lastLagUpdate = now();
      store.setSource({ lagMs: Math.max(0, now() - ts) });
    }
    store.ingest(event);
    if (++sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      await tick();
    }
  }
  if (options.signal?.aborted) return;
  store.end();
  store.publish();
}
