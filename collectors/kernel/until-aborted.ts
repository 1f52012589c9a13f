/**
 * Reading until the user asks to stop. The iteration ends as soon as the signal aborts,
 * even while the source is waiting (stdin, a poll, a stream), and an error the source
 * throws once the signal has aborted is the stop itself, not a failure: whoever reads can
 * then finish what it holds (flush, print, summarise) as it does at the end of input.
 */
const STOPPED: unique symbol = Symbol('stopped');

export async function* untilAborted<T>(
  source: AsyncIterable<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  if (signal === undefined) {
    yield* source;
    return;
  }
  const it = source[Symbol.asyncIterator]();
  const stopped = new Promise<typeof STOPPED>((resolve) => {
    if (signal.aborted) resolve(STOPPED);
    signal.addEventListener('abort', () => resolve(STOPPED), { once: true });
  });
  let pending: Promise<IteratorResult<T>> | null = null;
  try {
    for (;;) {
      pending = it.next();
      let r: IteratorResult<T> | typeof STOPPED;
      try {
        r = await Promise.race([pending, stopped]);
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
