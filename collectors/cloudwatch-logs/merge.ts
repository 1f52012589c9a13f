/**
 * Pull-based merge of concurrent sources: at most one pending item per source, so the
 * merge itself holds no queue; a slow consumer slows every source down.
 */

/** Yields items from every source as they come, until all end. */
export async function* mergeConcurrent<T>(sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  const iters = sources.map((s) => s[Symbol.asyncIterator]());
  // Results in the order they come, each source with one pull outstanding. Waiting on a
  // race of the sources' pending pulls would leave a reaction on a quiet source's pull per
  // item of the busy ones, each holding that item, until the quiet one speaks.
  const ready: { i: number; r?: IteratorResult<T>; error?: unknown }[] = [];
  let wake: (() => void) | null = null;
  const pull = (i: number): void => {
    (iters[i] as AsyncIterator<T>).next().then(
      (r) => {
        ready.push({ i, r });
        wake?.();
      },
      (error: unknown) => {
        ready.push({ i, error: error ?? new Error('source failed') });
        wake?.();
      },
    );
  };
  let active = iters.length;
  for (let i = 0; i < iters.length; i++) pull(i);
  try {
    while (active > 0) {
      if (ready.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
      const item = ready.shift();
      if (!item) continue;
      if (item.error !== undefined) throw item.error;
      if (!item.r || item.r.done) {
        active--;
        continue;
      }
      pull(item.i);
      yield item.r.value;
    }
  } finally {
    // Not awaited: a source blocked in next() (a quiet session) would hold the caller here.
    void Promise.allSettled(iters.map((it) => it.return?.()));
  }
}
