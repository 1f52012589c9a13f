/**
 * `tallying` passes every document on unchanged and in order, counting each as it is taken
 * (a run of another thread's lines adds the tally that thread counted), and a consumer that
 * stops early lets the source go, as a loop over an async generator does.
 */
import { describe, expect, it } from 'vitest';
import { emptyTally, tallying } from '../../shippers/document-tally.ts';
import type { RenderedLines } from '../../shippers/ndjson/shipper.ts';
import type { ShipDocument } from '../../shippers/types.ts';

const doc = (kind: 'line' | 'invocation', placement: number) => ({ kind, placement }) as ShipDocument;
const rendered = {
  kind: 'rendered',
  documents: 5,
  tally: { invocations: 2, undatedLines: 1, undatedInvocations: 1 },
} as RenderedLines;

describe('tallying', () => {
  it('passes each document on in order and counts it as it is taken', async () => {
    const docs = [
      doc('line', 1_700_000_000_000),
      doc('line', Number.NaN),
      rendered,
      doc('invocation', Number.NaN),
    ];
    const tally = emptyTally();
    const passed = tallying(
      (async function* () {
        yield* docs;
      })(),
      tally,
    );
    const first = await passed.next();
    expect(first.value).toBe(docs[0]);
    expect(tally).toEqual({ invocations: 0, undatedLines: 0, undatedInvocations: 0 });
    const rest: unknown[] = [];
    for await (const d of passed) rest.push(d);
    expect(rest).toEqual(docs.slice(1));
    expect(rest[1]).toBe(rendered);
    expect(tally).toEqual({ invocations: 3, undatedLines: 2, undatedInvocations: 2 });
  });

  it('lets the source go when its consumer stops early, and passes the source failure on', async () => {
    let closed = false;
    const source = (async function* () {
      try {
        for (let i = 0; ; i++) yield doc('line', i);
      } finally {
        closed = true;
      }
    })();
    const tally = emptyTally();
    let taken = 0;
    for await (const _ of tallying(source, tally)) if (++taken === 3) break;
    expect(closed).toBe(true);
    expect(taken).toBe(3);

    const failing = (async function* () {
      yield doc('line', 1);
      throw new Error('unreadable input');
    })();
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const d of tallying(failing, emptyTally())) seen.push(d);
      })(),
    ).rejects.toThrow('unreadable input');
    expect(seen).toHaveLength(1);
  });
});
