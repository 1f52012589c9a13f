/**
 * Follow mode: invocations whose stream goes quiet are completed by wall-clock idleness
 * (`expire`), read from an injected clock so that the test decides what time it is.
 */
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import type { LogEvent } from '../../collectors/model.ts';

const ID = '6f7f0961-f834-4211-8a7a-f6fe80b88d56';

function line(message: string, timestamp = 1_700_000_000_000): LogEvent {
  return { timestamp, message, logGroup: '/aws/lambda/orders', logStream: '2026/10/01/[$LATEST]abc' };
}

function following() {
  const clock = { ms: 0, now: () => clock.ms };
  return { clock, correlator: createCorrelator({}, clock) };
}

const reported = [
  line(`START RequestId: ${ID} Version: $LATEST`),
  line(`2023-11-14T22:13:20.001Z\t${ID}\tINFO\tdone`),
  line(
    `REPORT RequestId: ${ID}\tDuration: 2.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
  ),
];

describe('idle expiry', () => {
  it('completes a reported invocation once its stream has been quiet for the idle time', () => {
    const { clock, correlator } = following();
    for (const e of reported) expect(correlator.push(e).completed).toEqual([]);
    // Lines pushed before the first expire count as seen at that call.
    clock.ms = 5_000;
    expect(correlator.expire(1_000)).toEqual([]);
    clock.ms = 5_999;
    expect(correlator.expire(1_000)).toEqual([]);
    clock.ms = 6_000;
    const done = correlator.expire(1_000);
    expect(done.map((i) => [i.requestId, i.status, i.lines.length])).toEqual([[ID, 'success', 3]]);
    expect(correlator.stats()).toMatchObject({ open: 0, invocations: 1 });
  });

  it('counts idleness from the last line once it follows', () => {
    const { clock, correlator } = following();
    correlator.push(reported[0] as LogEvent);
    expect(correlator.expire(1_000)).toEqual([]);
    clock.ms = 700;
    correlator.push(reported[1] as LogEvent);
    correlator.push(reported[2] as LogEvent);
    // A trailing line of the reported request moves its last sight on.
    clock.ms = 1_200;
    correlator.push(
      line(`XRAY TraceId: 1-5e1b4151-5ac6c58f5b5dbd6a2b1c1a2e\tSegmentId: 0a1b2c3d4e5f6a7b\tSampled: true`),
    );
    clock.ms = 2_199;
    expect(correlator.expire(1_000)).toEqual([]);
    clock.ms = 2_200;
    const done = correlator.expire(1_000);
    expect(done.map((i) => [i.requestId, i.status, i.traceId])).toEqual([
      [ID, 'success', '1-5e1b4151-5ac6c58f5b5dbd6a2b1c1a2e'],
    ]);
  });

  it('gives a request without its REPORT as long as a Lambda may run', () => {
    const { clock, correlator } = following();
    correlator.push(reported[0] as LogEvent);
    correlator.expire(1_000);
    clock.ms = 16 * 60_000 - 1;
    expect(correlator.expire(1_000)).toEqual([]);
    clock.ms = 16 * 60_000;
    expect(correlator.expire(1_000).map((i) => [i.requestId, i.status])).toEqual([[ID, 'incomplete']]);
  });
});
