/**
 * Moves events from a source into the store: as fast as possible (a batch at a time,
 * yielding to the event loop so keys and frames still get their turn) or paced by the
 * events' own timestamps. An abort ends it at once, even while the source is waiting; live
 * input is settled by the wall clock between batches.
 */
import { LIVE_HOLD_MS, SETTLE, withSettleTicks } from '../../collectors/correlator/live-settle.ts';
import { sleep } from '../../collectors/kernel/index.ts';
import { untilAborted } from '../../collectors/kernel/until-aborted.ts';
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
const YIELD_EVERY = 512;
const LAG_EVERY_MS = 250;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Resolves when the source ends (then the store holds everything) or the signal aborts. */
export async function pumpEvents(
  batches: AsyncIterable<readonly LogEvent[]>,
  store: TailStore,
  options: PumpOptions,
): Promise<void> {
  const { signal, speed } = options;
  const now = Date.now;
  let firstTs: number | null = null;
  let startWall = 0;
  let sinceYield = 0;
  let lastLagUpdate = 0;
  const read = untilAborted(batches, signal);
  for await (const batch of options.liveLag ? withSettleTicks(read) : read) {
    if (batch === SETTLE) {
      store.settle(LIVE_HOLD_MS);
      continue;
    }
    if (speed === null) {
      store.ingestBatch(batch);
      const last = batch[batch.length - 1];
      if (
        options.liveLag &&
        last &&
        Number.isFinite(last.timestamp) &&
        now() - lastLagUpdate > LAG_EVERY_MS
      ) {
        lastLagUpdate = now();
        store.setSource({ lagMs: Math.max(0, lastLagUpdate - last.timestamp) });
      }
      sinceYield += batch.length;
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await tick();
      }
      continue;
    }
    for (const event of batch) {
      const ts = event.timestamp;
      if (Number.isFinite(ts)) {
        if (firstTs === null) {
          firstTs = ts;
          startWall = now();
        }
        const due = startWall + (ts - firstTs) / speed;
        const wait = due - now();
        if (wait > 1) {
          // Ends early (rejecting) when the signal aborts: quitting never waits for the next due event.
          await sleep(wait, signal).catch(() => {});
          if (signal?.aborted) return;
        }
        if (now() - lastLagUpdate > LAG_EVERY_MS) {
          lastLagUpdate = now();
          store.setSource({ lagMs: Math.max(0, Math.round(lastLagUpdate - due)) });
        }
      }
      store.ingest(event);
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await tick();
      }
    }
  }
  if (signal?.aborted) return;
  store.end();
  store.publish();
}
