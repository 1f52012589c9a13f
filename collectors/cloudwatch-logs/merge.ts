/**
 * Pull-based merge of concurrent sources: at most one pending item per source, so the
 * merge itself holds no queue; a slow consumer slows every source down.
 */

const ABORTED: unique symbol = Symbol('aborted');

/** Yields items from every source as they come, until all end. */
export async function* mergeConcurrent<T>(sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  const iters = sources.map((s) => s[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ i: number; r: IteratorResult<T> }>>();
  const pull = (i: number) =>
    pending.set(
      i,
      iters[i]!.next().then((r) => ({ i, r })),
    );
  iters.forEach((_, i) => {
    pull(i);
  });
  try {
    while (pending.size > 0) {
      const { i, r } = await Promise.race(pending.values());
      if (r.done) {
        pending.delete(i);
        continue;
      }
      pull(i);
      yield r.value;
    }
  } finally {
    await Promise.allSettled(iters.map((it) => it.return?.()));
  }
}

/** Ends an iteration when `signal` aborts, even while the source is waiting. */
export async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    if (signal.aborted) resolve(ABORTED);
    signal.addEventListener('abort', () => resolve(ABORTED), { once: true });
  });
  try {
    for (;;) {
      const r = await Promise.race([it.next(), aborted]);
      if (r === ABORTED || r.done) return;
      yield r.value;
    }
  } finally {
    // Do not await: a source blocked in next() would hold us here.
    void it.return?.()?.catch(() => {});
  }
}
