/**
 * An untagged line stamped far past CloudWatch's ingestion of it (a clock running fast) is
 * placed by that ingestion, as tail places a row: it joins what its stream serves where it
 * came, shown with its own stamp, and stretches no span. Tagged lines keep their stamps.
 */
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';

const T = Date.UTC(2026, 11, 7, 1, 0);
const MINUTE = 60_000;
const STREAM = '2026/12/07/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const A = 'aaaaaaaa-1111-4111-8111-111111111111';
const B = 'bbbbbbbb-2222-4222-8222-222222222222';

/** An event of the stream, ingested 200 ms after its stamp unless `ingested` says when. */
const at = (time: number, message: string, ingested = time + 200): LogEvent => ({
  timestamp: time,
  ingestionTime: ingested,
  logGroup: '/aws/lambda/orders',
  logStream: STREAM,
  message,
});

/** START, a tagged line, END and REPORT of `id` from `t`; `init` makes it a cold start. */
function invocation(id: string, t: number, init = false): LogEvent[] {
  return [
    at(t, `START RequestId: ${id} Version: $LATEST\n`),
    at(t + 5, `${new Date(t + 5).toISOString()}\t${id}\tINFO\thandled\n`),
    at(t + 40, `END RequestId: ${id}\n`),
    at(
      t + 41,
      `REPORT RequestId: ${id}\tDuration: 40.00 ms\tBilled Duration: 40 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t${init ? 'Init Duration: 150.00 ms\t' : ''}\n`,
    ),
  ];
}

function run(events: LogEvent[]): Invocation[] {
  const correlator = createCorrelator({ live: true });
  const out: Invocation[] = [];
  for (const e of events) out.push(...correlator.push(e).completed);
  out.push(...correlator.flush());
  return out;
}

const LAYER = 'layer: flushed metrics';

describe('an untagged line stamped far past its ingestion', () => {
  it('does not stretch the span of the cold start it joins by 20 minutes', () => {
    const events = [
      ...invocation(A, T),
      // Written (ingested) right after A, stamped 20 minutes ahead by a clock running fast.
      at(T + 20 * MINUTE, `${LAYER}\n`, T + 300),
      ...invocation(B, T + MINUTE, true),
    ];
    const b = run(events).find((i) => i.requestId === B);
    expect(b?.coldStart).toBe(true);
    // It still comes first among B's lines, as the stream's output before B, with its own stamp.
    expect(b?.lines.map((l) => l.message)[0]).toBe(LAYER);
    expect(b?.lines[0]?.timestamp).toBe(new Date(T + 20 * MINUTE).toISOString());
    // B ran from its START to its REPORT.
    expect([b?.start, b?.end]).toEqual([
      new Date(T + MINUTE).toISOString(),
      new Date(T + MINUTE + 41).toISOString(),
    ]);

    // Read where the ingestion is not known (a file), the stamp is all there is.
    const file = run(events.map(({ ingestionTime: _, ...e }) => e)).find((i) => i.requestId === B);
    expect(file?.end).toBe(new Date(T + 20 * MINUTE).toISOString());
  });

  it('within the 5 s that clocks out of step may differ, counts as stamped', () => {
    const b = run([
      ...invocation(A, T),
      at(T + 4_000, `${LAYER}\n`, T + 300),
      ...invocation(B, T + MINUTE),
    ]).find((i) => i.requestId === B);
    expect(b?.start).toBe(new Date(T + 4_000).toISOString());
  });

  it('inside an invocation whose own lines run as fast, stretches it neither way', () => {
    // The whole invocation stamped 110 minutes ahead, all of it ingested at T.
    const ahead = T + 110 * MINUTE;
    const events: LogEvent[] = invocation(A, ahead).map((e) => ({ ...e, ingestionTime: T }));
    events.splice(2, 0, at(ahead + 10, `${LAYER}\n`, T));
    const [a] = run(events);
    expect(a?.lines.map((l) => l.message)).toContain(LAYER);
    // Its tagged lines keep their stamps: the span it states, as its row shows its own start.
    expect([a?.start, a?.end]).toEqual([new Date(ahead).toISOString(), new Date(ahead + 41).toISOString()]);
  });

  it('does not close the requests running beside it as if 20 minutes had passed', () => {
    // The correlator sweeps for invocations older than any can run every 4,096 events; the
    // line stamped ahead is the 4,096th, and the request running for 4 s is not stale.
    const running: LogEvent[] = [at(T, `START RequestId: ${A} Version: $LATEST\n`)];
    for (let i = 1; i < 4095; i++)
      running.push(at(T + i, `${new Date(T + i).toISOString()}\t${A}\tINFO\tstep ${i}\n`));
    const correlator = createCorrelator({ live: true });
    const completed: Invocation[] = [];
    for (const e of running) completed.push(...correlator.push(e).completed);
    completed.push(...correlator.push(at(T + 20 * MINUTE, `${LAYER}\n`, T + 4_200)).completed);
    expect(correlator.stats().events).toBe(4096);
    expect(completed).toEqual([]);
    expect(correlator.stats().open).toBe(1);
  });
});
