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
});
