/**
 * Pull-based merge of concurrent sources: at most one pending item per source, so the
 * merge itself holds no queue; a slow consumer slows every source down.
 */

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
