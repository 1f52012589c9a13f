/**
 * REPORT lines whose START was never seen (Logs Insights exports of REPORT lines, captures
 * that start mid-request), retries under the same request ID, lines of several streams
 * copied without their stream, and streams that only ever log an init phase.
 */
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import type { Correlator, CorrelatorOptions } from '../../collectors/correlator/types.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';

const A = 'd4bb972a-523d-435f-ba6f-92950f76ad55';
const B = '60728812-66c3-4472-87f6-d67e98df9e2a';
const T0 = Date.UTC(2025, 7, 15, 17, 44, 53);

function event(message: string, at: number, logStream?: string): LogEvent {
  return { timestamp: T0 + at, message, logGroup: '/aws/lambda/claude-invoker', logStream };
}

function report(id: string, duration: string, billed: number, extra = ''): string {
  return `REPORT RequestId: ${id}\tDuration: ${duration} ms\tBilled Duration: ${billed} ms\tMemory Size: 1024 MB\tMax Memory Used: 119 MB\t${extra}`;
}

function run(events: LogEvent[], options: CorrelatorOptions = {}): { done: Invocation[]; c: Correlator } {
  const c = createCorrelator(options);
  const done: Invocation[] = [];
  for (const e of events) done.push(...c.push(e).completed);
  done.push(...c.flush());
  return { done, c };
}

const summary = (i: Invocation) => [
  i.requestId,
  i.status,
  i.coldStart,
  i.durationMs,
  i.billedDurationMs,
  i.memorySizeMB,
  i.maxMemoryUsedMB,
  i.initDurationMs,
  i.restoreDurationMs,
  i.lines.map((l) => l.message.slice(0, 12)),
];

describe('a REPORT without its START', () => {
  it('is an invocation with every metric it carries, cold when it has Init or Restore Duration', () => {
    const { done } = run([
      event(report(A, '3497.80', 3498, 'Init Duration: 986.19 ms\t'), 0),
      event(report(B, '3392.76', 3393), 5),
      event(
        'REPORT RequestId: 55bc566d-1e2c-11e7-93e6-6705ceb4c1cc\tDuration: 469.40 ms\tBilled Duration: 500 ms\tMemory Size: 1024 MB\tMax Memory Used: 21 MB\tRestore Duration: 474.16 ms\tBilled Restore Duration: 75 ms',
        9,
      ),
    ]);
    expect(done.map(summary)).toEqual([
      [A, 'success', true, 3497.8, 3498, 1024, 119, 986.19, null, ['REPORT Reque']],
      [B, 'success', false, 3392.76, 3393, 1024, 119, null, null, ['REPORT Reque']],
      [
        '55bc566d-1e2c-11e7-93e6-6705ceb4c1cc',
        'success',
        true,
        469.4,
        500,
        1024,
        21,
        null,
        474.16,
        ['REPORT Reque'],
      ],
    ]);
    expect(done[2]?.billedRestoreDurationMs).toBe(75);
  });

  it('takes the lines tagged with its ID wherever they come, before or after it', () => {
    const s = '2025/08/15/[$LATEST]0a1b';
    const { done, c } = run([
      event(`2025-08-15T17:44:53.100Z\t${A}\tINFO\tbefore`, 100, s),
      event(report(A, '3497.80', 3498), 200, s),
      event(report(B, '3392.76', 3393), 300, s),
      event(`START RequestId: 9c1a99a2-3203-4f2a-8e2c-44b8bab05b61 Version: $LATEST`, 400, s),
      event(`2025-08-15T17:44:53.500Z\t${A}\tERROR\tafter, past two other requests`, 500, s),
      event(`END RequestId: ${B}`, 600, s),
    ]);
    const byId = new Map(done.map((i) => [i.requestId, i]));
    expect(done.map((i) => i.requestId).sort()).toEqual(
      [A, B, '9c1a99a2-3203-4f2a-8e2c-44b8bab05b61'].sort(),
    );
    expect(byId.get(A)?.lines.map((l) => l.message)).toEqual([
      `2025-08-15T17:44:53.100Z\t${A}\tINFO\tbefore`,
      report(A, '3497.80', 3498),
      `2025-08-15T17:44:53.500Z\t${A}\tERROR\tafter, past two other requests`,
    ]);
    expect(byId.get(A)?.status).toBe('success');
    expect(byId.get(B)?.lines.map((l) => l.message.slice(0, 6))).toEqual(['REPORT', 'END Re']);
    expect(c.stats()).toMatchObject({ unattributed: 0, invocations: 3 });
  });

  it('takes the untagged lines its stream wrote before it when no START came', () => {
    const s = '2024/08/11/[$LATEST]9f1c';
    const { done, c } = run([
      event('Processing NodeCreated event', 0, s),
      event('Successfully processed node', 1, s),
      event(report(A, '4.17', 5), 2, s),
    ]);
    expect(done.map(summary)).toEqual([
      [A, 'success', false, 4.17, 5, 1024, 119, null, null, ['Processing N', 'Successfully', 'REPORT Reque']],
    ]);
    expect(c.stats().unattributed).toBe(0);
  });

  it('is a cold start when an init phase came before it', () => {
    const s = '2026/06/24/[$LATEST]29a3';
    const { done } = run([
      event(
        'INIT_START Runtime Version: nodejs:20.v101\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:1867',
        0,
        s,
      ),
      event('loading config', 1, s),
      event(report(A, '879.86', 880, 'Status: error\tError Type: Runtime.ImportModuleError'), 5, s),
    ]);
    expect(
      done.map((i) => [i.requestId, i.status, i.errorType, i.coldStart, i.runtimeVersion, i.region]),
    ).toEqual([[A, 'error', 'Runtime.ImportModuleError', true, 'nodejs:20.v101', 'us-east-1']]);
    expect(done[0]?.lines).toHaveLength(3);
  });
});

describe('the same request ID again', () => {
  it('is a new invocation when Lambda retries the event (START, END, REPORT twice)', () => {
    // joazvsoares/aws-sns-lambda-retry-sample README: an SNS delivery retried under one request ID.
    const id = '2ae06306-26f7-4398-8937-ede9404f9a21';
    const s = '2023/10/30/[$LATEST]5f0e';
    const { done } = run([
      event(`START RequestId: ${id} Version: $LATEST`, 0, s),
      event('[ERROR] Exception: Random error for testing retry! Traceback (most recent call last):', 1, s),
      event(`END RequestId: ${id}`, 2, s),
      event(
        `REPORT RequestId: ${id} Duration: 2.80 ms Billed Duration: 3 ms Memory Size: 1024 MB Max Memory Used: 39 MB`,
        3,
        s,
      ),
      event(`START RequestId: ${id} Version: $LATEST`, 58_000, s),
      event(`END RequestId: ${id}`, 58_001, s),
      event(
        `REPORT RequestId: ${id} Duration: 1.53 ms Billed Duration: 2 ms Memory Size: 1024 MB Max Memory Used: 39 MB`,
        58_002,
        s,
      ),
    ]);
    expect(
      done.map((i) => [i.requestId, i.status, i.durationMs, i.billedDurationMs, i.lines.length]),
    ).toEqual([
      [id, 'error', 2.8, 3, 4],
      [id, 'success', 1.53, 2, 3],
    ]);
  });

  it('is a new invocation when a REPORT-only export holds two REPORTs of one ID, and one when the same REPORT comes twice', () => {
    const { done } = run([
      event(report(A, '2.80', 3), 0),
      event(report(A, '2.80', 3), 0),
      event(report(A, '1.53', 2), 58_000),
    ]);
    expect(done.map((i) => [i.requestId, i.durationMs, i.billedDurationMs, i.lines.length])).toEqual([
      [A, 2.8, 3, 2],
      [A, 1.53, 2, 1],
    ]);
  });
});

describe('lines of several streams copied without their stream', () => {
  it('does not close a request because another one starts: each gets its own END and REPORT', () => {
    // An Insights export of one function without @logStream: three environments at once.
    const ids = [
      '61ffab71-1616-48ea-b576-b0fb3a54ae4d',
      '74e77b68-db02-43b4-9c04-080c773b35af',
      '87e421df-4da4-46f9-994d-b22f4182aa59',
    ];
    const { done, c } = run([
      ...ids.map((id, i) => event(`START RequestId: ${id} Version: $LATEST`, i)),
      ...ids.map((id, i) => event(`END RequestId: ${id}`, 10 + i)),
      ...ids.map((id, i) => event(report(id, `${10 + i}.77`, 11 + i), 20 + i)),
    ]);
    expect(done.map((i) => [i.requestId, i.status, i.billedDurationMs, i.lines.length]).sort()).toEqual(
      ids.map((id, i) => [id, 'success', 11 + i, 3]).sort(),
    );
    expect(c.stats()).toMatchObject({ invocations: 3, evicted: 0 });
  });
});

describe('streams that only ever log an init phase', () => {
  it('are held under the bound on open invocations, the oldest let go first and counted', () => {
    const c = createCorrelator({ maxOpenInvocations: 10 });
    for (let i = 0; i < 1000; i++) {
      const s = `2026/10/01/[$LATEST]${i.toString(16).padStart(32, '0')}`;
      c.push(event('INIT_START Runtime Version: python:3.13.v14', i, s));
      c.push(event('importing handler', i, s));
    }
    // 990 streams' init phases were let go of (two lines each) before the input ended.
    expect(c.stats()).toMatchObject({ events: 2000, unattributed: 1980, open: 0 });
    expect(c.flush()).toEqual([]);
    expect(c.stats().unattributed).toBe(2000);
  });
});
