/**
 * `lambdalens tail --function` joins traces from X-Ray by the rule a file's traces join by
 * (collectors/xray/trace-of-request.ts): X-Ray is asked only for the trace IDs the logs name,
 * but a trace fetched for one invocation may name another's request in its Lambda segment,
 * and it joins that one, whose logs name no trace ID, only while no other trace names the
 * request. Here two fetched traces name it: the row takes neither, whichever came last, and
 * its detail view says why. The traces and logs are in the moto server, read by the real CLI
 * in a real terminal.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { startSession, type TmuxSession } from './tmux.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
let session: TmuxSession | null = null;

afterEach(() => {
  session?.kill();
  session = null;
});

/** One text-format invocation, its REPORT followed by an XRAY line when it names a trace. */
function invocation(id: string, t: number, traceId: string | null) {
  const events = [
    { timestamp: t, message: `START RequestId: ${id} Version: $LATEST\n` },
    { timestamp: t + 20, message: `END RequestId: ${id}\n` },
    {
      timestamp: t + 21,
      message: `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
    },
  ];
  if (traceId)
    events.push({
      timestamp: t + 22,
      message: `XRAY TraceId: ${traceId}\tSegmentId: 1fb07842d944e714\tSampled: true\t\n`,
    });
  return events;
}

describe('lambdalens tail --function: traces from X-Ray that name the same request', () => {
  it('joins neither to the invocation whose logs name no trace ID, and says why', async () => {
    const traced = XRAY_FIXTURE_REQUEST_ID; // the request both traces' Lambda segments name
    const first = '55555555-5555-4555-8555-555555555555';
    const second = '66666666-6666-4666-8666-666666666666';
    const trace = () => `1-59602603-${randomBytes(12).toString('hex')}`;
    const [a, b] = [trace(), trace()];
    const xray = new XRayClient(clientConfig());
    await xray.send(
      new PutTraceSegmentsCommand({
        TraceSegmentDocuments: [...xrayFixtureDocuments(a), ...xrayFixtureDocuments(b)],
      }),
    );

    const name = uniqueName('tailrv');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1']);
    const now = Date.now();
    // The request's own logs name no trace; two other invocations name the two traces.
    await putEvents(logs, group, 's1', [
      ...invocation(traced, now - 60_000, null),
      ...invocation(first, now - 40_000, a),
      ...invocation(second, now - 20_000, b),
    ]);
    const env = `AWS_ENDPOINT_URL=${endpoint()} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1`;
    session = startSession(`env ${env} node bin/lambdalens.mjs tail --function ${name} --since 5m`, root);
    const tty = session;
    await tty.waitFor((s) => s.includes(second), 30_000);
    // The oldest row first: the request whose logs name no trace.
    tty.keys('g', 'Enter');
    const detail = await tty.waitFor(
      (s) => s.includes('· invocation') && s.includes(traced) && s.includes('2 traces name this request'),
      30_000,
    );
    expect(detail).toContain(
      'X-Ray trace\n no trace ID in its logs, and 2 traces name this request: none joined\n',
    );
    expect(detail).not.toContain('X-Ray trace 1-');
  }, 60_000);
});
