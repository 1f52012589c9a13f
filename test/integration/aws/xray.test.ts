import { randomBytes } from 'node:crypto';
import { PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../../collectors/cloudwatch-logs/history.ts';
import { correlate } from '../../../collectors/correlator/correlator.ts';
import { attachTraces, type InvocationWithTrace } from '../../../collectors/xray/attach.ts';
import { createTraceFetcher } from '../../../collectors/xray/fetcher.ts';
import { traceIdsInRange } from '../../../collectors/xray/history.ts';
import {
  clientConfig,
  createGroup,
  logsClient,
  putEvents,
  testContext,
  uniqueName,
  XRAY_FIXTURE_REQUEST_ID,
  xrayFixtureDocuments,
} from './helpers.ts';

const REQUEST_ID = XRAY_FIXTURE_REQUEST_ID;
const fixtureDocuments = xrayFixtureDocuments;

describe('X-Ray traces from PutTraceSegments (moto) attached to correlated invocations', () => {
  it('finds the trace by ID, builds the tree by origin and attaches it to the right request', async () => {
    const traceId = `1-59602603-${randomBytes(12).toString('hex')}`;
    const otherTraceId = `1-59602603-${randomBytes(12).toString('hex')}`;
    const xray = new XRayClient(clientConfig());
    const put = await xray.send(
      new PutTraceSegmentsCommand({ TraceSegmentDocuments: fixtureDocuments(traceId) }),
    );
    expect(put.UnprocessedTraceSegments ?? []).toEqual([]);

    // Logs of three invocations: the traced one, one whose trace never arrives, one untraced.
    const logs = logsClient();
    const group = uniqueName('/aws/lambda/random-name');
    await createGroup(logs, group, ['2017/07/08/[$LATEST]abc']);
    const t = Date.now() - 60_000;
    const other = 'b0f7e1a2-0000-4000-8000-000000000002';
    const plain = 'c1e8f2b3-0000-4000-8000-000000000003';
    const report = (id: string, extra = '') =>
      `REPORT RequestId: ${id}\tDuration: 2.0 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t${extra}\n`;
    await putEvents(logs, group, '2017/07/08/[$LATEST]abc', [
      { timestamp: t, message: `START RequestId: ${REQUEST_ID} Version: $LATEST\n` },
      { timestamp: t + 1, message: `END RequestId: ${REQUEST_ID}\n` },
      {
        timestamp: t + 2,
        message: report(REQUEST_ID, `XRAY TraceId: ${traceId}\tSegmentId: 1fb07842d944e714\tSampled: true`),
      },
      { timestamp: t + 3, message: `START RequestId: ${other} Version: $LATEST\n` },
      { timestamp: t + 4, message: `END RequestId: ${other}\n` },
      {
        timestamp: t + 5,
        message: report(other, `XRAY TraceId: ${otherTraceId}\tSegmentId: 2fb07842d944e714\tSampled: true`),
      },
      { timestamp: t + 6, message: `START RequestId: ${plain} Version: $LATEST\n` },
      { timestamp: t + 7, message: `END RequestId: ${plain}\n` },
      { timestamp: t + 8, message: report(plain) },
    ]);

    const ctx = testContext();
    const fetcher = createTraceFetcher({ client: xray, ctx });
    const out: InvocationWithTrace[] = [];
    const invocations = correlate(readHistory({ client: logs, ctx, logGroups: [group], startTime: t - 1 }));
    for await (const x of attachTraces(invocations, { fetcher })) out.push(x);

    expect(out.map((x) => [x.invocation.requestId, x.match])).toEqual([
      [REQUEST_ID, 'attached'],
      [other, 'not-found'],
      [plain, 'no-trace-id'],
    ]);
    const { trace, lambda } = out[0]!;
    expect(trace?.traceId).toBe(traceId);
    expect(trace?.roots.map((r) => r.origin)).toEqual(['AWS::ElasticBeanstalk::Environment']);
    expect(lambda?.requestId).toBe(REQUEST_ID);
    expect(lambda?.service?.id).toBe('1fb07842d944e714');
    expect(lambda?.service?.http?.status).toBe(200);
    expect(lambda?.function?.id).toBe('00f91aa01f4984fd');
    expect(lambda?.function?.origin).toBe('AWS::Lambda::Function');
    expect(lambda?.functionArn).toBe('arn:aws:lambda:us-west-2:123456789012:function:random-name');
    expect(lambda?.initialization?.id).toBe('2279c0030c955e52');
    const init = lambda?.initialization;
    expect(init && init.endTime !== null ? init.endTime - init.startTime : null).toBe(755);
    expect(lambda?.invocation).toBeNull();
    expect(lambda?.downstream.map((s) => [s.name, s.aws?.operation, s.http?.status])).toEqual([
      ['SNS', 'Publish', 200],
    ]);
    // The inferred SNS segment hangs under the SNS subsegment, found through parent_id.
    expect(lambda?.downstream[0]?.children.map((c) => [c.origin, c.inferred])).toEqual([['AWS::SNS', true]]);
    // The invocations ended a minute ago, past X-Ray's indexing time: the missing trace is
    // not asked for again, so both traced IDs took one call.
    expect(fetcher.stats()).toEqual({ calls: 1, found: 1, missing: 1 });
    expect(ctx.limiter.stats().calls['xray:BatchGetTraces']).toBe(fetcher.stats().calls);
  });

  it('lists the trace in a GetTraceSummaries window', async () => {
    const traceId = `1-59602603-${randomBytes(12).toString('hex')}`;
    const xray = new XRayClient(clientConfig());
    await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: fixtureDocuments(traceId) }));
    const ctx = testContext();
    const ids: string[] = [];
    // 2017-07-08, windows of one hour across the day.
    for await (const id of traceIdsInRange(xray, ctx, {
      startTime: Date.UTC(2017, 6, 8, 0),
      endTime: Date.UTC(2017, 6, 8, 12),
      windowMs: 3_600_000,
    })) {
      ids.push(id);
    }
    expect(ids).toContain(traceId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ctx.limiter.stats().calls['xray:GetTraceSummaries']).toBe(12);
  });
});
