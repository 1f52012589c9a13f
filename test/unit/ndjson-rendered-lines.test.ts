/**
 * The NDJSON shipper takes, among documents, runs of lines another thread already wrote
 * (`RenderedLines`): they are copied out in their place, counted as written, and a file
 * that is not what was written, or an output that fails, is said, never passed over.
 * Real files and streams; the failing output is a Writable that refuses writes, since no
 * disk here can be made to fail on cue.
 */
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { documentsFromEvents } from '../../shippers/assemble.ts';
import { emptyTally, tallyDocument } from '../../shippers/document-tally.ts';
import {
  createNdjsonShipper,
  ndjsonIndexNames,
  ndjsonLine,
  type RenderedLines,
} from '../../shippers/ndjson/shipper.ts';
import type { ShipDocument } from '../../shippers/types.ts';
import { fixtureStreams } from '../support/shipper-fixtures.ts';

const names = ndjsonIndexNames('lambdalens', 'daily');

async function fixtureDocuments(): Promise<ShipDocument[]> {
  const docs: ShipDocument[] = [];
  for await (const doc of documentsFromEvents(fixtureStreams(2).flat(), { clock: { now: () => 0 } }))
    docs.push(doc);
  return docs;
}

/** Writes `docs` as rendered lines in a file of `dir`. */
function rendered(dir: string, name: string, docs: ShipDocument[]): RenderedLines {
  const path = join(dir, name);
  const text = docs.map((d) => ndjsonLine(names, d)).join('');
  writeFileSync(path, text);
  const tally = emptyTally();
  for (const doc of docs) tallyDocument(tally, doc);
  return { kind: 'rendered', path, documents: docs.length, bytes: Buffer.byteLength(text), tally };
}

async function closed(stream: NodeJS.WritableStream): Promise<void> {
  await new Promise<void>((resolve) => stream.end(() => resolve()));
}

describe('NDJSON runs of rendered lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndjson-rendered-'));

  it('are copied out in their place among documents, and counted once each', async () => {
    const docs = await fixtureDocuments();
    expect(docs.length).toBeGreaterThan(40);
    const a = docs.slice(0, 7);
    const b = docs.slice(7, 30);
    const c = docs.slice(30, 31);
    const d = docs.slice(31);
    const out = join(dir, 'out.ndjson');
    const to = createWriteStream(out);
    const progress: number[] = [];
    const result = await createNdjsonShipper({ to, indexPrefix: 'lambdalens', indexPeriod: 'daily' }).ship(
      [...a, rendered(dir, 'b', b), rendered(dir, 'c', c), ...d],
      { onProgress: (counters) => progress.push(counters.indexed) },
    );
    await closed(to);
    expect(result.kind).toBe('complete');
    expect(result.counters.received).toBe(docs.length);
    expect(result.counters.indexed).toBe(docs.length);
    expect(readFileSync(out, 'utf8')).toBe(docs.map((doc) => ndjsonLine(names, doc)).join(''));
    // Progress never goes back, and ends at every document.
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(progress.at(-1)).toBe(docs.length);
  });

  it('a file that is not what was written fails the run, naming it and both sizes', async () => {
    const docs = (await fixtureDocuments()).slice(0, 5);
    const run = rendered(dir, 'short', docs);
    const to = createWriteStream(join(dir, 'short-out.ndjson'));
    const ship = createNdjsonShipper({ to }).ship([{ ...run, bytes: run.bytes + 10 }]);
    await expect(ship).rejects.toThrow(
      `${run.path} held ${run.bytes} bytes of NDJSON, not the ${run.bytes + 10} written`,
    );
    await closed(to);
  });

  it('an output that fails leaves the run undelivered, counted as such', async () => {
    const docs = await fixtureDocuments();
    const refusing = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('EIO: i/o error, write'));
      },
    });
    const run = rendered(dir, 'refused', docs.slice(2));
    const result = await createNdjsonShipper({ to: refusing }).ship([...docs.slice(0, 2), run]);
    expect(result.kind).toBe('incomplete');
    if (result.kind !== 'incomplete') return;
    expect(result.reason.message).toBe('writing NDJSON failed: EIO: i/o error, write');
    expect(result.counters.received).toBe(docs.length);
    expect(result.counters.indexed).toBe(0);
    expect(result.counters.pending).toBe(docs.length);
  });

  it('documents in a chunk the output refused are counted as not delivered, not lost', async () => {
    const docs = await fixtureDocuments();
    const refusing = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('EIO: i/o error, write'));
      },
    });
    const result = await createNdjsonShipper({ to: refusing }).ship(docs);
    expect(result.kind).toBe('incomplete');
    expect(result.counters).toMatchObject({ received: docs.length, indexed: 0, pending: docs.length });
  });

  it('documents in the last chunk, refused by a reader gone, are counted as not delivered', async () => {
    // Several chunks of 64 KiB; the reader leaves before the last, partial one, which goes
    // out as the run ends: the stream writer lets a gone reader's writes go without
    // throwing, so the run must ask it whether its reader left.
    const once = await fixtureDocuments();
    const docs = Array.from({ length: 40 }, () => once).flat();
    const leaving = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (chunk.length >= 64 * 1024) callback();
        else callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    leaving.on('error', () => {});
    const result = await createNdjsonShipper({ to: leaving }).ship(docs);
    expect(result.kind).toBe('incomplete');
    if (result.kind !== 'incomplete') return;
    expect(result.reason.message).toBe(
      'writing NDJSON failed: its reader is gone (a closed pipe or terminal)',
    );
    const { received, indexed, pending } = result.counters;
    expect([received, indexed > 0, pending > 0]).toEqual([docs.length, true, true]);
    expect(indexed + pending).toBe(received);
  });

  it('past the deadline a run is counted pending, not written', async () => {
    const docs = (await fixtureDocuments()).slice(0, 9);
    const out = join(dir, 'late.ndjson');
    const to = createWriteStream(out);
    const result = await createNdjsonShipper({ to }, { clock: { now: () => 1_000 } }).ship(
      [rendered(dir, 'late', docs)],
      { deadline: 500 },
    );
    await closed(to);
    expect(result.kind).toBe('incomplete');
    expect(result.counters).toMatchObject({ received: 9, indexed: 0, pending: 9 });
    expect(readFileSync(out, 'utf8')).toBe('');
  });
});
