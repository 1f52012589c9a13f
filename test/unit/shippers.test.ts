import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLogEvents } from '../../collectors/files/read-inputs.ts';
import { backoffDelay } from '../../collectors/kernel/index.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { extractAppJson } from '../../shippers/app-json.ts';
import { buildBatchDocuments, documentsFromEvents, type StreamCarry } from '../../shippers/assemble.ts';
import { readAhead } from '../../shippers/batcher.ts';
import { targetIndex } from '../../shippers/index-names.ts';
import { LetGoRequests } from '../../shippers/let-go.ts';
import { fixtureStreams } from '../support/shipper-fixtures.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples/data/logs');

/** Events of one stream as a subscription delivers them: a newline at the end, IDs in order. */
function eventWriter(logGroup: string, logStream: string): (at: number, message: string) => LogEvent {
  let n = 0;
  return (at, message) => ({
    timestamp: at,
    message: `${message}\n`,
    logGroup,
    logStream,
    eventId: String(++n).padStart(56, '0'),
  });
}

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

  it('builds a delivery that comes again into the very documents it built the first time, whatever the carry holds', () => {
    // The delivery ends with a line after its REPORT (an extension's, a late callback's),
    // which the carry keeps for the stream's next request. Read before the delivery's own
    // events when it came again, it went to the request the delivery begins with: that
    // request's document was rewritten with a line too many, at a higher version, for good.
    const clock = { now: () => 0 };
    const t = Date.parse('2026-11-02T10:00:00.000Z');
    const ev = eventWriter('/aws/lambda/again', '2026/11/02/[$LATEST]0123456789abcdef');
    const request = (id: string, at: number, lines: string[]) => [
      ev(at, `START RequestId: ${id} Version: $LATEST`),
      ...lines.map((line, i) =>
        ev(at + 1 + i, `${new Date(at + 1 + i).toISOString()}\t${id}\tINFO\t${line}`),
      ),
      ev(at + 500, `END RequestId: ${id}`),
      ev(
        at + 501,
        `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t`,
      ),
    ];
    const r1 = '99999999-2222-3333-4444-000000000001';
    const r2 = '99999999-2222-3333-4444-000000000002';
    const a = [...request(r1, t, ['a', 'b']), ev(t + 2000, 'untagged line after REPORT')];
    const b = request(r2, t + 3000, ['c']);
    const invocations = (deliveries: LogEvent[][]) => {
      const carry: StreamCarry = new Map();
      const built = new Map<string, { version: number | null; lines: unknown }>();
      for (const events of deliveries) {
        const batch = buildBatchDocuments(events, carry, { clock });
        batch.commitCarry();
        for (const d of batch.documents) {
          if (d.kind !== 'invocation') continue;
          const invocation = (d.source.lambdalens as { invocation: { line_count: number } }).invocation;
          const kept = built.get(d.id);
          // What the cluster keeps: the highest version.
          if (!kept || (d.version ?? 0) > (kept.version ?? 0))
            built.set(d.id, { version: d.version, lines: invocation.line_count });
        }
      }
      return [...built.values()];
    };
    const once = invocations([a, b]);
    expect(once.map((d) => d.lines)).toEqual([5, 5]);
    expect(invocations([a, a, b])).toEqual(once);
    expect(invocations([a, a, a, b, b])).toEqual(once);
  });

  it('keeps a request let go only once its batch is delivered, and builds it whole from its late REPORT', () => {
    const clock = { now: () => 0 };
    const t = Date.parse('2026-01-10T12:00:00.000Z');
    const ev = eventWriter('/aws/lambda/let-go', '2026/01/10/[$LATEST]s');
    const [a, b, c] = [1, 2, 3].map((i) => `00000001-0000-4000-8000-00000000000${i}`) as [
      string,
      string,
      string,
    ];
    const carry: StreamCarry = new Map();
    const letGo = new LetGoRequests();
    const deliver = (events: LogEvent[]) => {
      const batch = buildBatchDocuments(events, carry, { clock, letGo });
      batch.commitCarry();
      return batch;
    };
    deliver([
      ev(t, `START RequestId: ${a} Version: $LATEST`),
      ev(t + 1, `${new Date(t + 1).toISOString()}\t${a}\tINFO\tx`),
    ]);
    deliver([ev(t + 1000, `START RequestId: ${b} Version: $LATEST`), ev(t + 1001, `END RequestId: ${b}`)]);
    const nextStart = [ev(t + 2000, `START RequestId: ${c} Version: $LATEST`)];
    // Built twice, as a retried batch is: the same documents, and nothing kept before delivery.
    const tried = buildBatchDocuments(nextStart, carry, { clock, letGo });
    expect(buildBatchDocuments(nextStart, carry, { clock, letGo }).documents).toEqual(tried.documents);
    expect(letGo.size).toBe(0);
    tried.commitCarry();
    expect(letGo.get(a)?.events.length).toBe(2);
    const report = deliver([
      ev(
        t + 500,
        `REPORT RequestId: ${a}\tDuration: 499.00 ms\tBilled Duration: 500 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t`,
      ),
    ]);
    const inv = report.documents.filter((d) => d.kind === 'invocation').map((d) => d.source.lambdalens);
    expect(inv).toMatchObject([
      {
        invocation: {
          status: 'success',
          start: new Date(t).toISOString(),
          line_count: 3,
          billed_duration_ms: 500,
        },
      },
    ]);
    expect(letGo.get(a)).toBeUndefined();
  });
});

describe('line document IDs', () => {
  /** Line documents of events read without CloudWatch IDs, in one input. */
  async function lineIds(events: LogEvent[]): Promise<string[]> {
    const ids: string[] = [];
    for await (const d of documentsFromEvents(events, { clock: { now: () => 0 } }))
      if (d.kind === 'line') ids.push(d.id);
    return ids;
  }

  it('keeps counting identical lines of a millisecond the stream returns to', async () => {
    const at = (ms: number, message: string): LogEvent => ({
      timestamp: Date.parse('2024-05-01T10:00:00.000Z') + ms,
      message,
      logGroup: '/aws/lambda/pasted',
      logStream: '2024/05/01/[$LATEST]abc',
    });
    // Samples pasted together: the stream's time goes back to a millisecond it had, where
    // the same separator line was already counted.
    const events = [at(150, '# ----'), at(150, 'first sample'), at(900, 'second sample'), at(150, '# ----')];
    const ids = await lineIds(events);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    // The same lines in the stream's order name the same documents.
    const sorted = await lineIds([events[0]!, events[1]!, events[3]!, events[2]!]);
    expect(new Set(sorted)).toEqual(new Set(ids));
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

describe('placement by identity', () => {
  const copy = [
    'START RequestId: 6f1c7a10-2b3c-4d5e-8f90-a1b2c3d4e5f6 Version: $LATEST',
    'retrying the order',
    'retrying the order',
    '2026-03-01T10:00:00.250Z\t6f1c7a10-2b3c-4d5e-8f90-a1b2c3d4e5f6\tINFO\tstored',
    'retrying the order',
    'END RequestId: 6f1c7a10-2b3c-4d5e-8f90-a1b2c3d4e5f6',
    'REPORT RequestId: 6f1c7a10-2b3c-4d5e-8f90-a1b2c3d4e5f6\tDuration: 12.00 ms\tBilled Duration: 12 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB',
  ].map((message) => ({ timestamp: Number.NaN, message, functionName: 'copy-fn' }));

  async function build(now: number) {
    const out: { id: string; index: string; missing: unknown }[] = [];
    for await (const d of documentsFromEvents(copy, { clock: { now: () => now } })) {
      out.push({
        id: d.id,
        index: targetIndex({ prefix: 'p', mode: 'daily' }, d.kind, d.placement),
        missing: (d.source.lambdalens as Record<string, unknown>).timestamp_missing,
      });
    }
    return out;
  }

  it('files a console copy without times the same way on any day, each repeated line its own document', async () => {
    const today = await build(Date.parse('2026-03-02T08:00:00Z'));
    const later = await build(Date.parse('2026-03-09T08:00:00Z'));
    expect(later).toEqual(today);
    expect(new Set(today.map((d) => d.id)).size).toBe(copy.length + 1);
    // Before the first timed line: undated; after it, anchored to its day.
    expect(today.map((d) => d.index)).toEqual([
      'p-logs-undated',
      'p-logs-undated',
      'p-logs-undated',
      'p-logs-2026.03.01',
      'p-logs-2026.03.01',
      'p-logs-2026.03.01',
      'p-logs-2026.03.01',
      'p-invocations-2026.03.01',
    ]);
    expect(today.map((d) => d.missing)).toEqual([true, true, true, undefined, true, true, true, undefined]);
  });

  it('names each line of overlapping copies as the whole copy does, wherever a copy begins', async () => {
    // A real `aws logs tail` copy cut into two overlapping parts at every line of a stretch:
    // END and REPORT share a millisecond there, and a part may begin at either.
    const lines = readFileSync(join(EXAMPLES, 'image-resizer.log'), 'utf8').split('\n').filter(Boolean);
    const ids = async (part: string[]) => {
      const events = readLogEvents(['-'], {
        stdin: Readable.from([Buffer.from(`${part.join('\n')}\n`)]),
        functionName: 'image-resizer',
      });
      const out = new Set<string>();
      for await (const d of documentsFromEvents(events)) if (d.kind === 'line') out.add(d.id);
      return out;
    };
    const whole = await ids(lines);
    const sameMs = lines.findIndex(
      (l, i) => i > 0 && l.includes(' REPORT ') && l.slice(0, 32) === lines[i - 1]?.slice(0, 32),
    );
    expect(sameMs).toBeGreaterThan(0);
    for (const cut of [sameMs - 1, sameMs, sameMs + 1]) {
      const second = await ids(lines.slice(cut));
      expect(second.size).toBeGreaterThan(1_000);
      expect([...second].filter((id) => !whole.has(id))).toEqual([]);
    }
  });

  it('places an invocation by its stream’s date, so parts on both sides of midnight meet', () => {
    const base = { logGroup: '/aws/lambda/f', logStream: '2026/01/10/[$LATEST]abc', eventId: undefined };
    const id = '0f9d1c6e-5a7b-4c2d-9e8f-0123456789ab';
    const after = buildBatchDocuments(
      [
        { ...base, timestamp: Date.parse('2026-01-11T00:00:00.2Z'), message: `END RequestId: ${id}` },
        {
          ...base,
          timestamp: Date.parse('2026-01-11T00:00:00.2Z'),
          message: `REPORT RequestId: ${id}\tDuration: 300.00 ms\tBilled Duration: 300 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB`,
        },
      ],
      new Map(),
      {},
    );
    const inv = after.documents.find((d) => d.kind === 'invocation')!;
    expect(targetIndex({ prefix: 'p', mode: 'daily' }, 'invocation', inv.placement)).toBe(
      'p-invocations-2026.01.10',
    );
    expect(targetIndex({ prefix: 'p', mode: 'daily', period: 'monthly' }, 'invocation', inv.placement)).toBe(
      'p-invocations-2026.01',
    );
  });
});
