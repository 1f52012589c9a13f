/**
 * Batches and time: a source that waits (a pipe, a follower) gets its documents handed out
 * after the linger instead of when 10,000 have piled up; a source that never waits (a
 * finished file) keeps full batches however short the linger.
 */
import { describe, expect, it } from 'vitest';
import { batches, type Prepared } from '../../shippers/batcher.ts';
import type { ShipDocument } from '../../shippers/types.ts';

const doc = (i: number): ShipDocument => ({
  kind: 'line',
  id: `d${i}`,
  placement: 0,
  version: null,
  source: { i },
  identity: { logGroup: null, logStream: null, eventId: null, requestId: null },
});
const prepare = (d: ShipDocument): Prepared => ({ doc: d, payload: Buffer.from(d.id), bytes: 10 });
const ids = (batch: Prepared[]) => batch.map((p) => p.doc.id);

/** A source that gives `first` documents, then waits until `release` is called. */
function waitingSource(first: number, then: number) {
  let release: () => void = () => {};
  const released = new Promise<void>((r) => {
    release = r;
  });
  async function* source(): AsyncGenerator<ShipDocument> {
    for (let i = 0; i < first; i++) yield doc(i);
    await released;
    for (let i = first; i < first + then; i++) yield doc(i);
  }
  return { source: source(), release };
}

describe('batches from a source that waits', () => {
  it('hands out what it has once the linger runs out, while the source is still waiting', async () => {
    const { source, release } = waitingSource(3, 2);
    const out = batches(source, { maxDocs: 10_000, maxBytes: 1 << 20, lingerMs: 20 }, prepare);
    // The source never ends until released: the first batch can only come from the linger.
    const first = await out.next();
    expect(first.done).toBe(false);
    expect(ids(first.value as Prepared[])).toEqual(['d0', 'd1', 'd2']);
    release();
    const rest: string[][] = [];
    for await (const batch of out) rest.push(ids(batch));
    expect(rest).toEqual([['d3', 'd4']]);
  });

  it('keeps the document the source owed across a lingered hand-out: nothing lost, nothing twice', async () => {
    let release: () => void = () => {};
    async function* source(): AsyncGenerator<ShipDocument> {
      for (let round = 0; round < 3; round++) {
        yield doc(round * 2);
        yield doc(round * 2 + 1);
        await new Promise<void>((r) => {
          release = r;
        });
      }
    }
    const out = batches(source(), { maxDocs: 10_000, maxBytes: 1 << 20, lingerMs: 10 }, prepare);
    const seen: string[][] = [];
    for (let round = 0; round < 3; round++) {
      const next = await out.next();
      seen.push(ids(next.value as Prepared[]));
      release();
    }
    expect((await out.next()).done).toBe(true);
    expect(seen).toEqual([
      ['d0', 'd1'],
      ['d2', 'd3'],
      ['d4', 'd5'],
    ]);
  });

  it('waits for a full batch or the end when the linger is 0', async () => {
    const { source, release } = waitingSource(3, 2);
    const out = batches(source, { maxDocs: 10_000, maxBytes: 1 << 20, lingerMs: 0 }, prepare);
    const first = out.next();
    let settled = false;
    void first.then(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    release();
    expect(ids((await first).value as Prepared[])).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
  });
});

describe('batches from a source that never waits', () => {
  it('stays full-sized however short the linger, with the remainder last', async () => {
    async function* finished(): AsyncGenerator<ShipDocument> {
      for (let i = 0; i < 25; i++) yield doc(i);
    }
    const sizes: number[] = [];
    for await (const batch of batches(finished(), { maxDocs: 10, maxBytes: 1 << 20, lingerMs: 1 }, prepare))
      sizes.push(batch.length);
    expect(sizes).toEqual([10, 10, 5]);
  });
});
