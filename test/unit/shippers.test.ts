import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../collectors/kernel/index.ts';
import { extractAppJson } from '../../shippers/app-json.ts';
import { buildBatchDocuments, type StreamCarry } from '../../shippers/assemble.ts';
import { readAhead } from '../../shippers/batcher.ts';
import { targetIndex } from '../../shippers/index-names.ts';
import { fixtureStreams } from '../support/shipper-fixtures.ts';

describe('shipper building blocks', () => {
  it('caps app JSON fields and counts what it left out', () => {
    const wide = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
    const out = extractAppJson(`2024-01-01T00:00:00.000Z\tabc\tINFO\t${JSON.stringify(wide)}`, 100)!;
    expect(Object.keys(out.value)).toHaveLength(100);
    expect(out.droppedFields).toBe(50);
    expect(extractAppJson('plain text')).toBeNull();
    expect(extractAppJson('{not json')).toBeNull();
  });

  it('backs off exponentially with jitter inside [half, full] of the capped delay', () => {
    const policy = { initialMs: 100, maxMs: 1_000, maxAttempts: 5 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1_000);
  });

  it('picks the daily index from the event time, not the clock', () => {
    expect(targetIndex({ prefix: 'p', mode: 'daily' }, 'line', Date.parse('2026-01-10T23:59:59Z'))).toBe(
      'p-logs-2026.01.10',
    );
    expect(targetIndex({ prefix: 'p', mode: 'data-stream' }, 'line', 0)).toBe('p-logs-stream');
  });

  it('yields identical documents when a batch is built again from the same carry (a retry)', () => {
    const stream = fixtureStreams(1)[0]!;
    const clock = { now: () => 0 };
    const carry: StreamCarry = new Map();
    const first = buildBatchDocuments(stream.slice(0, 2), carry, { clock });
    first.commitCarry();
    expect(first.openInvocations).toBe(1);
    const a = buildBatchDocuments(stream.slice(2), carry, { clock });
    const b = buildBatchDocuments(stream.slice(2), carry, { clock });
    expect(a.documents).toEqual(b.documents);
    expect(a.documents.map((d) => d.kind)).toEqual(['line', 'line', 'line', 'invocation']);
    expect(a.documents.every((d) => d.identity.requestId === 'a0537bcb-712d-11e4-8c97-af075a3c0929')).toBe(
      true,
    );
  });
});

describe('read-ahead of batches', () => {
  /** A source that records how far it has been pulled. */
  function counting(count: number, failAt?: number) {
    const state = { pulled: 0 };
    async function* source() {
      for (let i = 1; i <= count; i++) {
        if (i === failAt) throw new Error(`source failed at ${i}`);
        state.pulled = i;
        yield i;
      }
    }
    return { state, source: source() };
  }

  it('hands every batch out once, in order, to workers taking at the same time', async () => {
    const { source } = counting(25);
    const ahead = readAhead(source, 4);
    const taken: number[] = [];
    const worker = async () => {
      for (let v = await ahead.take(); v !== undefined; v = await ahead.take()) {
        taken.push(v);
        await new Promise((r) => setTimeout(r, v % 3));
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(taken.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await ahead.take()).toBeUndefined();
  });

  it('pulls at most its depth ahead of what was taken', async () => {
    const { state, source } = counting(100);
    const ahead = readAhead(source, 3);
    expect(await ahead.take()).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    // One taken, three waiting: the source was never pulled further.
    expect(state.pulled).toBe(4);
    expect(await ahead.take()).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(state.pulled).toBe(5);
  });

  it("passes the source's failure to every worker that takes after it", async () => {
    const { source } = counting(10, 4);
    const ahead = readAhead(source, 2);
    expect([await ahead.take(), await ahead.take(), await ahead.take()]).toEqual([1, 2, 3]);
    await expect(ahead.take()).rejects.toThrow('source failed at 4');
    await expect(ahead.take()).rejects.toThrow('source failed at 4');
  });
});
