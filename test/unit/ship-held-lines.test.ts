/**
 * `ship` holds a request's line documents until the request completes, so that they carry
 * its trace ID: at most 50,000 lines, and at most 256 MiB of their text (each line counts
 * its characters and 112 more). Past either, the request held longest goes on without
 * waiting; no line is lost.
 */
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../collectors/model.ts';
import { documentsFromEvents } from '../../shippers/assemble.ts';

const ID = '00000000-1111-4111-8111-000000000001';
const TRACE = '1-5e1b4151-5ac6c58f5b5dbd6a2b1c1a2e';
const at = (n: number, message: string): LogEvent => ({
  timestamp: 1_790_000_000_000 + n,
  logGroup: '/aws/lambda/fn',
  logStream: '2026/09/21/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  message,
});
/** A line of 888 characters: it counts for 1,000 bytes. */
const tagged = (n: number) => at(n, `2026-09-21T14:13:20.000Z\t${ID}\tINFO\tline ${n} `.padEnd(888, 'x'));

describe('line documents held for their trace ID', () => {
  it('go on without it past the bound on held text, the rest with it; each once', async () => {
    const events = [
      at(0, `START RequestId: ${ID} Version: $LATEST`),
      tagged(1),
      tagged(2),
      // 3,182 bytes: the request's four lines go on without waiting
      tagged(3),
      tagged(4),
      tagged(5),
      at(
        6,
        `REPORT RequestId: ${ID}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\tXRAY TraceId: ${TRACE}\tSegmentId: 1\tSampled: true`,
      ),
    ];
    const docs: { kind: string; message: unknown; trace: unknown; lines: unknown }[] = [];
    for await (const d of documentsFromEvents(events, { maxHeldBytes: 3_000, clock: { now: () => 0 } })) {
      const s = d.source as Record<string, { id?: unknown; line_count?: unknown } | string | undefined>;
      docs.push({
        kind: d.kind,
        message: typeof s.message === 'string' ? s.message.slice(0, 5) : null,
        trace: (s.trace as { id?: unknown } | undefined)?.id ?? null,
        lines:
          d.kind === 'invocation'
            ? (s.lambdalens as Record<string, Record<string, unknown>>).invocation?.line_count
            : null,
      });
    }
    expect(docs.map((d) => [d.kind, d.message, d.trace])).toEqual([
      ['line', 'START', null],
      ['line', '2026-', null],
      ['line', '2026-', null],
      ['line', '2026-', null],
      ['line', '2026-', TRACE],
      ['line', '2026-', TRACE],
      ['line', 'REPOR', TRACE],
      ['invocation', null, TRACE],
    ]);
    expect(docs.at(-1)?.lines).toBe(7);
  });
});
