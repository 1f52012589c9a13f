/**
 * Settling by the wall clock, for every consumer of live input (`logs -` on a pipe,
 * `--follow`, `--live`, the terminal UI). A reported invocation waits a moment for lines
 * that trail its REPORT (the XRAY line, an old-style timeout line); in a file, the next
 * lines of its stream tell when it is done, but live input may go quiet right after a
 * REPORT and stay quiet for hours. So the consumer's loop is fed settle ticks between its
 * items, and on each tick asks the correlator to `expire(LIVE_HOLD_MS)`: an invocation is
 * complete at most hold + tick after its REPORT arrived.
 *
 *   for await (const item of withSettleTicks(untilAborted(events, signal))) {
 *     if (item === SETTLE) { emit(correlator.expire(LIVE_HOLD_MS)); continue; }
 *     ...push item...
 *   }
 *
 * The ticks ride the consumer's own pull loop rather than a free-running timer, so the
 * correlator is never touched while the consumer is halfway through an item, and a
 * consumer held up by a slow reader gets no ticks it cannot act on. File input keeps its
 * event-time rules and takes no ticks.
 */
import { type Clock, sleep as kernelSleep, type Sleep, systemClock } from '../kernel/index.ts';

/** How long a reported invocation of live input waits for trailing lines. */
export const LIVE_HOLD_MS = 500;
/** How often a live consumer is given a tick. */
export const SETTLE_TICK_MS = 100;

export const SETTLE: unique symbol = Symbol('settle');
export type SettleTick = typeof SETTLE;

export interface SettleTickOptions {
  everyMs?: number | undefined;
  clock?: Clock | undefined;
  sleep?: Sleep | undefined;
}

const TIMEOUT: unique symbol = Symbol('timeout');
const NOT_YET: unique symbol = Symbol('not yet');

/**
 * The source's items with a `SETTLE` tick at least every `everyMs` (between items; while
 * the source is idle, on time). Ends with the source: to stop on a signal, give it
 * `untilAborted(source, signal)`.
 */
export async function* withSettleTicks<T>(
  source: AsyncIterable<T>,
  options: SettleTickOptions = {},
): AsyncGenerator<T | SettleTick> {
  const everyMs = options.everyMs ?? SETTLE_TICK_MS;
  const clock = options.clock ?? systemClock;
  const wait = options.sleep ?? kernelSleep;
  const it = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | null = null;
  let nextTick = clock.now() + everyMs;
  try {
    for (;;) {
      if (clock.now() >= nextTick) {
        nextTick = clock.now() + everyMs;
        yield SETTLE;
        continue;
      }
      pending ??= it.next();
      // An item already there is taken without arming a timer: a busy source costs no timers.
      let r: IteratorResult<T> | typeof NOT_YET | typeof TIMEOUT = await Promise.race([
        pending,
        Promise.resolve<typeof NOT_YET>(NOT_YET),
      ]);
      if (r === NOT_YET) {
        const timer = new AbortController();
        const timeout = (): typeof TIMEOUT => TIMEOUT;
        r = await Promise.race([pending, wait(nextTick - clock.now(), timer.signal).then(timeout, timeout)]);
        timer.abort();
      }
      if (r === TIMEOUT) continue;
      pending = null;
      if (r.done) return;
      yield r.value;
    }
  } finally {
    // A source blocked in next() must not hold the caller: let it go.
    pending?.catch(() => {});
    void it.return?.()?.catch(() => {});
  }
}
