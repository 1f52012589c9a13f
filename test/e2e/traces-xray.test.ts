/**
 * `--traces` against X-Ray (moto: segments put with PutTraceSegments, answered by
 * BatchGetTraces), run as the user runs it: the built CLI reading a function's history.
 */
import { randomBytes } from 'node:crypto';
import { PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';
import { describe, expect, it } from 'vitest';
import {
  clientConfig,
  createFunction,
  createGroup,
  endpoint,
  logsClient,
  putEvents,
  uniqueName,
  XRAY_FIXTURE_REQUEST_ID,
  xrayFixtureDocuments,
} from '../integration/aws/helpers.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';

const newTraceId = () => `1-59602603-${randomBytes(12).toString('hex')}`;
const requestId = (n: number) => `${String(n).repeat(8)}-0000-4000-8000-000000000000`;

/** A function whose log group holds invocations 1–6 (up to two hours old); 1–5 are traced, 6 is not. */
async function tracedHistory(missing: number) {
  const name = uniqueName('tracedfn');
  await createFunction(name);
  const logs = logsClient();
  const group = `/aws/lambda/${name}`;
  const stream = '2026/03/01/[$LATEST]aaa';
  await createGroup(logs, group, [stream]);
  const xray = new XRayClient(clientConfig());
  const traceIds = new Map<number, string>();
  const events: { timestamp: number; message: string }[] = [];
  const first = Date.now() - 2 * 3_600_000;
  for (let n = 1; n <= 6; n++) {
    const id = requestId(n);
    const at = first + (n - 1) * 20 * 60_000;
    let xrayPart = '';
    if (n <= 5) {
      const traceId = newTraceId();
      traceIds.set(n, traceId);
      xrayPart = `XRAY TraceId: ${traceId}\tSegmentId: 1fb07842d944e714\tSampled: true\t`;
      if (n !== missing) {
        const documents = xrayFixtureDocuments(traceId).map((d) => d.replaceAll(XRAY_FIXTURE_REQUEST_ID, id));
        const put = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: documents }));
        expect(put.UnprocessedTraceSegments ?? []).toEqual([]);
      }
    }
    events.push(
      { timestamp: at, message: `START RequestId: ${id} Version: $LATEST\n` },
      { timestamp: at + 1, message: `2026-03-01T00:00:00.000Z\t${id}\tINFO\twork ${n}\n` },
      { timestamp: at + 2, message: `END RequestId: ${id}\n` },
      {
        timestamp: at + 3,
        message: `REPORT RequestId: ${id}\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t${xrayPart}\n`,
      },
    );
  }
  await putEvents(logs, group, stream, events);
  return { name, traceIds };
}

const env = () => ({ ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() });

interface Printed {
  requestId: string;
  trace: { match: string; traceId: string | null; durationMs: number | null } | null;
}

describe('--traces from X-Ray', () => {
  it('history with a trace X-Ray lacks finishes at once: no invocation is old enough to still be indexed', async () => {
    const { name, traceIds } = await tracedHistory(3);
    const began = Date.now();
    const r = runCli(['logs', '--function', name, '--since', '3h', '--traces', '-o', 'ndjson'], env());
    const tookMs = Date.now() - began;
    expect(r.code).toBe(0);
    // It held everything 30 s for the missing trace; reading and one BatchGetTraces round take about 1 s.
    expect(tookMs).toBeLessThan(10_000);
    const printed = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Printed);
    expect(printed.map((p) => [p.requestId, p.trace?.match, p.trace?.traceId])).toEqual([
      [requestId(1), 'attached', traceIds.get(1)],
      [requestId(2), 'attached', traceIds.get(2)],
      [requestId(3), 'not-found', null],
      [requestId(4), 'attached', traceIds.get(4)],
      [requestId(5), 'attached', traceIds.get(5)],
      [requestId(6), 'no-trace-id', null],
    ]);
    // moto gives trace durations in whole seconds (the fixture's trace is 3.232 s).
    expect(printed[0]?.trace?.durationMs).toBe(3000);

    // The same in text: each block says what X-Ray gave, under its header.
    const text = runCli(['logs', '--function', name, '--since', '3h', '--traces'], env());
    expect(text.code).toBe(0);
    const secondLines = text.stdout
      .split('\n\n')
      .filter((b) => b !== '')
      .map((b) => b.split('\n')[1]);
    expect(secondLines).toEqual([
      `  trace ${traceIds.get(1)}: 3,000 ms, init 755 ms; SNS Publish 959 ms`,
      `  trace ${traceIds.get(2)}: 3,000 ms, init 755 ms; SNS Publish 959 ms`,
      `  trace: X-Ray has no trace ${traceIds.get(3)} (not sampled, or older than X-Ray keeps)`,
      `  trace ${traceIds.get(4)}: 3,000 ms, init 755 ms; SNS Publish 959 ms`,
      `  trace ${traceIds.get(5)}: 3,000 ms, init 755 ms; SNS Publish 959 ms`,
      '  trace: no trace ID in its logs',
    ]);
  }, 60_000);

  it('piped tail attaches X-Ray traces as its screen does, and --no-traces (or the old --no-xray) turns that off', async () => {
    const { name, traceIds } = await tracedHistory(2);
    const window = ['--function', name, '--since', '3h', '--until', '1m', '-o', 'ndjson'];
    const r = runCli(['tail', ...window], env());
    expect(r.code).toBe(0);
    const printed = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Printed);
    expect(printed.map((p) => [p.requestId, p.trace?.match, p.trace?.traceId])).toEqual([
      [requestId(1), 'attached', traceIds.get(1)],
      [requestId(2), 'not-found', null],
      [requestId(3), 'attached', traceIds.get(3)],
      [requestId(4), 'attached', traceIds.get(4)],
      [requestId(5), 'attached', traceIds.get(5)],
      [requestId(6), 'no-trace-id', null],
    ]);
    const untraced = [1, 2, 3, 4, 5, 6].map((n) => [requestId(n), false]);
    for (const flag of ['--no-traces', '--no-xray']) {
      const off = runCli(['tail', ...window, flag], env());
      expect([flag, off.code]).toEqual([flag, 0]);
      const plain = off.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(plain.map((p) => [p.requestId, 'trace' in p])).toEqual(untraced);
    }
    // logs fetches only when asked; `--traces` asks on both commands.
    const batch = ['--function', name, '--since', '3h', '-o', 'ndjson'];
    const logsPlain = runCli(['logs', ...batch], env());
    expect(logsPlain.code).toBe(0);
    expect(
      logsPlain.stdout
        .trim()
        .split('\n')
        .map((l) => [JSON.parse(l).requestId, 'trace' in JSON.parse(l)]),
    ).toEqual(untraced);
    const tailAsked = runCli(['tail', ...window, '--traces'], env());
    expect(tailAsked.stdout).toBe(r.stdout);
  }, 60_000);
});
