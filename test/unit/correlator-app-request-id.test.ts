/**
 * A `requestId` an application writes into its own JSON lines (an order's, an API call's)
 * names no Lambda request: in no form Lambda gives and naming no request held, the line is
 * its stream's, in the request running there. One in Lambda's form still names its request,
 * whose START may lie before what was read.
 */
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';

const ID = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const at = (n: number, message: string): LogEvent => ({
  timestamp: 1_700_000_000_000 + n,
  logGroup: '/aws/lambda/fn',
  logStream: '2026/10/01/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  message,
});
const report = `REPORT RequestId: ${ID}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t`;

function run(messages: string[]): Invocation[] {
  const correlator = createCorrelator({});
  const out: Invocation[] = [];
  messages.forEach((m, i) => {
    out.push(...correlator.push(at(i, m)).completed);
  });
  out.push(...correlator.flush());
  return out;
}

const summary = (out: Invocation[]) =>
  out.map((inv) => ({ requestId: inv.requestId, status: inv.status, lines: inv.lines.length }));

describe("an application's own requestId in a JSON line", () => {
  it('is a line of the request running in its stream, not an invocation of its own', () => {
    const app = '{"level":"INFO","requestId":"order-123","message":"order placed"}';
    const out = run([`START RequestId: ${ID} Version: $LATEST`, app, `END RequestId: ${ID}`, report]);
    expect(summary(out)).toEqual([{ requestId: ID, status: 'success', lines: 4 }]);
    expect(out[0]?.lines[1]).toMatchObject({ level: 'INFO', message: app });
  });

  it('names its request when that request is held under the same ID, whatever its form', () => {
    const out = run([
      'START RequestId: req-1 Version: $LATEST',
      '{"level":"INFO","requestId":"req-1","message":"one"}',
      'END RequestId: req-1',
      'REPORT RequestId: req-1\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t',
    ]);
    expect(summary(out)).toEqual([{ requestId: 'req-1', status: 'success', lines: 4 }]);
  });

  it("in Lambda's form, names a request of its own though its START was not read", () => {
    const other = `{"level":"INFO","requestId":"${OTHER}","message":"from another request"}`;
    const out = run([`START RequestId: ${ID} Version: $LATEST`, other, `END RequestId: ${ID}`, report]);
    expect(summary(out)).toEqual([
      { requestId: ID, status: 'success', lines: 3 },
      { requestId: OTHER, status: 'incomplete', lines: 1 },
    ]);
  });
});
