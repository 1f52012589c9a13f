/**
 * `logs --follow --traces` stopped (SIGINT) while an invocation still waits for its trace,
 * which X-Ray may index up to 30 s after the invocation ends: it is printed, and says that
 * the run stopped before X-Ray gave its trace, not that X-Ray has none (which reads as
 * "not sampled"). Run as the user runs it, against the moto server, in text and NDJSON.
 */
import { randomBytes } from 'node:crypto';
import { PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';
import { afterEach, describe, expect, it } from 'vitest';
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
import { FAKE_AWS } from '../support/cli.ts';
import { type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';

const newTraceId = () => `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

/** START, a line, END and a REPORT naming `traceId`, ending at `at`. */
function tracedInvocation(id: string, traceId: string, at: number) {
  return [
    { timestamp: at - 3, message: `START RequestId: ${id} Version: $LATEST\n` },
    { timestamp: at - 2, message: `2026-03-01T00:00:00.000Z\t${id}\tINFO\twork\n` },
    { timestamp: at - 1, message: `END RequestId: ${id}\n` },
    {
      timestamp: at,
      message: `REPORT RequestId: ${id}\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tXRAY TraceId: ${traceId}\tSegmentId: 1fb07842d944e714\tSampled: true\t\n`,
    },
  ];
}

const runs: LiveCli[] = [];
afterEach(() => {
  for (const r of runs.splice(0)) r.kill();
});

describe('logs --follow --traces stopped while a trace may still come', () => {
  it('says the run stopped before X-Ray gave the trace, in text and NDJSON alike', async () => {
    const name = uniqueName('follow-trace-stop');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1']);
    const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() };
    const ndjson = startCli(['logs', '--function', name, '--follow', '--traces', '-o', 'ndjson'], env);
    const text = startCli(['logs', '--function', name, '--follow', '--traces'], env);
    runs.push(ndjson, text);

    // A, whose trace X-Ray holds, then B, whose trace it does not hold (yet): one write.
    const [a, b] = [requestIdOf(1, 7), requestIdOf(2, 7)];
    const [traceA, traceB] = [newTraceId(), newTraceId()];
    const put = await new XRayClient(clientConfig()).send(
      new PutTraceSegmentsCommand({
        TraceSegmentDocuments: xrayFixtureDocuments(traceA).map((d) =>
          d.replaceAll(XRAY_FIXTURE_REQUEST_ID, a),
        ),
      }),
    );
    expect(put.UnprocessedTraceSegments ?? []).toEqual([]);
    // Both followers have started polling before the invocations are written.
    await new Promise((r) => setTimeout(r, 3000));
    const at = Date.now();
    await putEvents(logs, group, 's1', [
      ...tracedInvocation(a, traceA, at),
      ...tracedInvocation(b, traceB, at + 10),
    ]);

    // A is printed once its trace is found, so B (read with it) waits for its own.
    await ndjson.waitForLine((l) => l.includes(a), 30_000);
    await text.waitForLine((l) => l.includes(a), 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(ndjson.stdout.some((l) => l.text.includes(b))).toBe(false);
    expect(Date.now() - at).toBeLessThan(25_000);
    ndjson.child.kill('SIGINT');
    text.child.kill('SIGINT');
    expect((await ndjson.exited).code).toBe(0);
    expect((await text.exited).code).toBe(0);

    const printed = ndjson.stdout.map(
      (l) => JSON.parse(l.text) as { requestId: string; trace: { match: string; traceId: string | null } },
    );
    expect(printed.map((p) => [p.requestId, p.trace.match, p.trace.traceId])).toEqual([
      [a, 'attached', traceA],
      [b, 'stopped', null],
    ]);
    const blocks = text.stdout.map((l) => l.text).join('\n');
    expect(blocks).toContain(`  trace ${traceA}: 3,000 ms, init 755 ms; SNS Publish 959 ms\n`);
    expect(blocks).toContain(
      `  trace: the run stopped before X-Ray gave trace ${traceB} (X-Ray may take 30 s to index a trace)\n`,
    );
    expect(blocks).not.toContain('X-Ray has no trace');
  }, 90_000);
});
