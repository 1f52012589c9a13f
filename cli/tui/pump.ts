/**
 * Moves events from a source into the store: as fast as possible (yielding to the event
 * loop so keys and frames still get their turn) or paced by the events' own timestamps.
 */
import type { LogEvent } from '../../collectors/model.ts';
import type { TailStore } from './store.ts';

export interface PumpOptions {
  /** Replay speed: 1 = the pace the events were logged at, 10 = ten times faster; null = no pacing. */
  speed: number | null;
  signal?: AbortSignal;
  /** Events between two yields to the event loop when not paced. */
  yieldEvery?: number;
  /** Whether lag is `now − event time` (live input) rather than how far a replay runs behind schedule. */
  liveLag?: boolean;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A timer that also ends when the signal aborts, so quitting never waits for the next due event. */
function abortableSleep(signal: AbortSignal | undefined): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
}
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Resolves when the source ends (then the store holds everything) or the signal aborts. */
export async function pumpEvents(
  events: AsyncIterable<LogEvent>,
  store: TailStore,
  options: PumpOptions,
): Promise<void> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep(options.signal);
  const yieldEvery = options.yieldEvery ?? 256;
  let firstTs: number | null = null;
  let startWall = 0;
  let sinceYield = 0;
  let lastLagUpdate = 0;
  for await (const event of events) {
    if (options.signal?.aborted) return;
    const ts = event.timestamp;
    if (options.speed !== null && Number.isFinite(ts)) {
      if (firstTs === null) {
        firstTs = ts;
        startWall = now();
      }
      const due = startWall + (ts - firstTs) / options.speed;
      const wait = due - now();
      if (wait > 1) {
        await sleep(wait);
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
    if (++sinceYield >= yieldEvery) {
      sinceYield = 0;
      await tick();
    }
  }
  if (options.signal?.aborted) return;
  store.end();
  store.publish();
}
