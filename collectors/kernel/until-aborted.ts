/**
 * Reading until the user asks to stop. The iteration ends as soon as the signal aborts,
 * even while the source is waiting (stdin, a poll, a stream), and an error the source
 * throws once the signal has aborted is the stop itself, not a failure: whoever reads can
 * then finish what it holds (flush, print, summarise) as it does at the end of input.
 */
const STOPPED: unique symbol = Symbol('stopped');

/**
 * The next item, or STOPPED if the signal aborts first. Each wait has a stop promise of its
 * own whose listener is removed afterwards: racing every item against one promise that
 * never settles would leave a reaction on it per item, each holding that item, so a
 * long-running read would keep everything it ever read.
 */
function nextOrStop<T>(
  next: Promise<IteratorResult<T>>,
  signal: AbortSignal,
): Promise<IteratorResult<T> | typeof STOPPED> {
  if (signal.aborted) return Promise.resolve(STOPPED);
  let onAbort = (): void => {};
  const stopped = new Promise<typeof STOPPED>((resolve) => {
    onAbort = () => resolve(STOPPED);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([next, stopped]).finally(() => signal.removeEventListener('abort', onAbort));
}

export async function* untilAborted<T>(
  source: AsyncIterable<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  if (signal === undefined) {
    yield* source;
    return;
  }
  const it = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | null = null;
  try {
    for (;;) {
      pending = it.next();
      let r: IteratorResult<T> | typeof STOPPED;
      try {
        r = await nextOrStop(pending, signal);
      } catch (err) {
        if (signal.aborted) return;
        throw err;
      }
      if (r === STOPPED || r.done) return;
      pending = null;
      yield r.value;
    }
  } finally {
    // Not awaited: a source blocked in next() would hold the caller here.
    pending?.catch(() => {});
    void it.return?.()?.catch(() => {});
  }
}
