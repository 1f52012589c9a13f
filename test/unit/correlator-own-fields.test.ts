/**
 * What the correlator keeps of a long line is its own: an open invocation filed under the
 * request ID of a START line of a megabyte does not keep that megabyte, and a value longer
 * than any Lambda writes (a trace ID of 2,000 characters) is no value, its line kept as
 * any line is.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { createReportRunCorrelator } from '../../collectors/correlator/report-run.ts';
import type { Correlator } from '../../collectors/correlator/types.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const id = (n: number) => `00000000-1111-4111-8111-${String(n).padStart(12, '0')}`;
const at = (n: number, message: string): LogEvent => ({
  timestamp: 1_790_000_000_000 + n,
  logGroup: '/aws/lambda/fn',
  logStream: `stream-${n}`,
  message,
});

function all(correlator: Correlator, events: LogEvent[]): Invocation[] {
  const out: Invocation[] = [];
  for (const e of events) out.push(...correlator.push(e).completed);
  return [...out, ...correlator.flush()];
}

describe('what the correlator keeps of long lines', () => {
  it('keeps 300 open invocations begun by START lines of a megabyte in a few megabytes, without their lines', () => {
    const correlator = createCorrelator({ maxLinesPerInvocation: 0 });
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let n = 0; n < 300; n++) {
      correlator.push(at(n, `START RequestId: ${id(n)} Version: $LATEST ${'p'.repeat(1_000_000)}${n}`));
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Each START held its whole line through its ID: 300 MB.
    expect(grown).toBeLessThan(20_000_000);
    const out = correlator.flush();
    expect(out.map((inv) => inv.requestId)).toEqual(Array.from({ length: 300 }, (_, n) => id(n)));
    expect(out.every((inv) => inv.version === '$LATEST' && inv.droppedLines === 1)).toBe(true);
  });

  it('takes no trace ID of 2,000 characters, and keeps its line; a REPORT-only input reads alike', () => {
    const report = (n: number, trace: string) =>
      at(
        n,
        `REPORT RequestId: ${id(n)}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\tXRAY TraceId: ${trace}\tSegmentId: 1\tSampled: true`,
      );
    const usual = '1-5e1b4151-5ac6c58f5b5dbd6a2b1c1a2e';
    const events = [
      report(1, usual),
      report(2, `1-${'t'.repeat(2_000)}`),
      { ...at(3, `XRAY TraceId: 1-${'t'.repeat(2_000)}`), logStream: 'stream-2' },
    ];
    const outside: string[] = [];
    const out = all(createCorrelator({ onUnattributed: (line) => outside.push(line.message) }), events);
    expect(out.map((inv) => [inv.requestId, inv.traceId, inv.billedDurationMs, inv.lines.length])).toEqual([
      [id(1), usual, 1, 1],
      [id(2), null, 1, 1],
    ]);
    expect(out[1]?.lines[0]?.message).toBe(events[1]?.message);
    // The XRAY line names no trace: it is a line of no request.
    expect(outside).toEqual([events[2]?.message]);
    expect(all(createReportRunCorrelator(), events)).toEqual(out);
  });

  it('holds nothing of an invocation it handed out, while one opened before it stays open', async () => {
    const correlator = createCorrelator();
    const on = (stream: string, n: number, message: string): LogEvent => ({
      ...at(n, message),
      logStream: stream,
    });
    // Opened first and never reported: the queues of open invocations keep their order
    // behind it, so every invocation closed after it waits there until they skip it.
    correlator.push(on('stream-open', 0, `START RequestId: ${id(0)} Version: $LATEST`));
    const handedOut: WeakRef<Invocation>[] = [];
    const take = (e: LogEvent) => {
      for (const inv of correlator.push(e).completed) handedOut.push(new WeakRef(inv));
    };
    for (let n = 1; n <= 50; n++) {
      const stream = `stream-${n}`;
      take(on(stream, n, `START RequestId: ${id(n)} Version: $LATEST`));
      take(on(stream, n, `2026-10-01T10:00:00.100Z\t${id(n)}\tINFO\t${'x'.repeat(100_000)}`));
      take(on(stream, n, `END RequestId: ${id(n)}`));
      take(
        on(
          stream,
          n,
          `REPORT RequestId: ${id(n)}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB`,
        ),
      );
      // The next request of the stream: the reported one is let go.
      take(on(stream, n, `START RequestId: ${id(1000 + n)} Version: $LATEST`));
    }
    expect(handedOut).toHaveLength(50);
    // A push's result is the caller's until the next push: one that completes nothing.
    expect(correlator.push(on('stream-open', 51, 'still running')).completed).toEqual([]);
    // A WeakRef keeps its target for the rest of the job that made it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    // Their husks waited in the queues holding each invocation and its 100 KB line (5 MB).
    expect(handedOut.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
    expect(correlator.flush().map((inv) => inv.requestId)).toEqual([
      id(0),
      ...Array.from({ length: 50 }, (_, n) => id(1001 + n)),
    ]);
  });
});
