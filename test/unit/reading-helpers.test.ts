import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { mergeConcurrent } from '../../collectors/cloudwatch-logs/merge.ts';
import { SETTLE, withSettleTicks } from '../../collectors/correlator/live-settle.ts';
import { untilAborted } from '../../collectors/kernel/until-aborted.ts';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

/** Items made on demand, the first one watched for collection. */
async function* items(count: number, first: { ref?: WeakRef<object> }) {
  for (let i = 0; i < count; i++) {
    const item = { i, payload: 'x'.repeat(100) };
    if (i === 0) first.ref = new WeakRef(item);
    yield item;
  }
}

/** A source that never yields (a quiet stdin, an idle Live Tail session). */
async function* quiet(): AsyncGenerator<{ i: number }> {
  await new Promise(() => {});
}

const collected = async (first: { ref?: WeakRef<object> }): Promise<boolean> => {
  await new Promise((r) => setTimeout(r, 0));
  gc();
  return first.ref?.deref() === undefined;
};

describe('reading helpers let go of what they handed on', () => {
  it('untilAborted: items read while the signal stays quiet are not held', async () => {
    const first: { ref?: WeakRef<object> } = {};
    let n = 0;
    for await (const item of untilAborted(items(2000, first), new AbortController().signal))
      n += item.i >= 0 ? 1 : 0;
    expect(n).toBe(2000);
    expect(await collected(first)).toBe(true);
  });

  it('untilAborted: ends at once when the signal aborts, even while the source waits', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    const got: unknown[] = [];
    for await (const item of untilAborted(quiet(), abort.signal)) got.push(item);
    expect(got).toEqual([]);
  });

  it('mergeConcurrent: a quiet source does not keep the busy source’s items', async () => {
    const first: { ref?: WeakRef<object> } = {};
    let freed = false;
    for await (const item of mergeConcurrent<{ i: number }>([items(4000, first), quiet()])) {
      if (item.i === 2000) freed = await collected(first);
      if (item.i === 3999) break;
    }
    expect(freed).toBe(true);
  });

  it('mergeConcurrent: every item of every source, and a failure passes through', async () => {
    async function* from(values: number[]) {
      for (const v of values) {
        await new Promise((r) => setTimeout(r, v % 3));
        yield v;
      }
    }
    const got: number[] = [];
    for await (const v of mergeConcurrent([from([1, 4, 7]), from([2, 5]), from([3, 6, 8, 9])])) got.push(v);
    expect(got.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    async function* failing() {
      yield 1;
      throw new Error('source broke');
    }
    await expect(async () => {
      for await (const _ of mergeConcurrent([failing(), from([2])])) {
        // drain
      }
    }).rejects.toThrow('source broke');
  });

  it('withSettleTicks: ticks while the source is quiet, items in order, nothing held', async () => {
    const seen: (number | 'tick')[] = [];
    async function* slow() {
      yield 1;
      await new Promise((r) => setTimeout(r, 60));
      yield 2;
    }
    for await (const item of withSettleTicks(slow(), { everyMs: 15 }))
      seen.push(item === SETTLE ? 'tick' : item);
    expect(seen.filter((s) => s !== 'tick')).toEqual([1, 2]);
    expect(seen.filter((s) => s === 'tick').length).toBeGreaterThanOrEqual(2);
    // a quiet source, waited on many times: what the waits leave must not pile up on it
    const first: { ref?: WeakRef<object> } = {};
    async function* thenQuiet() {
      yield* items(1, first);
      await new Promise((r) => setTimeout(r, 300));
      yield { i: 1, payload: '' };
    }
    let ticks = 0;
    for await (const item of withSettleTicks(thenQuiet(), { everyMs: 1 })) {
      if (item === SETTLE) ticks++;
      else if (item.i === 1) expect(await collected(first)).toBe(true);
    }
    expect(ticks).toBeGreaterThan(50);
  });
});
