/**
 * `lambdalens tail --function` in a real terminal, following a function's log group in the
 * moto server: rows for what is there, then for what a writer adds while it runs, and the
 * follow source's status on the status bar.
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
  createStream,
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

function invocation(
  id: string,
  t: number,
  extra: string[] = [],
  report = 'Duration: 12.50 ms\tBilled Duration: 13 ms',
) {
  return [
    { timestamp: t, message: `START RequestId: ${id} Version: $LATEST\n` },
    ...extra.map((message, i) => ({ timestamp: t + 1 + i, message })),
    { timestamp: t + 20, message: `END RequestId: ${id}\n` },
    {
      timestamp: t + 21,
      message: `REPORT RequestId: ${id}\t${report}\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
    },
  ];
}

describe('lambdalens tail --function (CloudWatch follow)', () => {
  it('shows invocations already logged and those logged while it runs', async () => {
    const name = uniqueName('tailfn');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1']);
    const now = Date.now();
    const first = '11111111-1111-4111-8111-111111111111';
    const timedOut = '22222222-2222-4222-8222-222222222222';
    const later = '33333333-3333-4333-8333-333333333333';
    await putEvents(logs, group, 's1', [
      ...invocation(first, now - 60_000, ['hello from the handler\n']),
      ...invocation(
        timedOut,
        now - 30_000,
        [],
        'Duration: 3000.00 ms\tBilled Duration: 3000 ms\tStatus: timeout',
      ),
    ]);
    const env = `AWS_ENDPOINT_URL=${endpoint()} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1`;
    session = startSession(
      `env ${env} node bin/lambdalens.mjs tail --function ${name} --since 5m --no-xray`,
      root,
    );
    const tty = session;
    const rows = (s: string) => s.split('\n').filter((l) => l.includes(name) && /-4[0-9a-f]{3}-8/.test(l));
    const screen = await tty.waitFor((s) => rows(s).some((r) => r.includes('timeout')), 30_000);
    expect(screen).toMatch(/follow/);
    expect(rows(screen)).toHaveLength(2);

    // A new stream and an invocation written while the tail runs appear by themselves.
    await createStream(logs, group, 's2');
    await putEvents(logs, group, 's2', invocation(later, Date.now()));
    const after = await tty.waitFor((s) => rows(s).filter((r) => r.includes('ok')).length >= 2, 30_000);
    expect(rows(after)).toHaveLength(3);
    tty.keys('q');
    await tty.waitFor((s) => s.includes('EXITED 0'), 10_000);
  }, 90_000);

  it('passes --filter-pattern to CloudWatch: only matching lines reach the tail', async () => {
    const name = uniqueName('tailfp');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1']);
    const now = Date.now();
    const id = '44444444-4444-4444-8444-444444444444';
    await putEvents(logs, group, 's1', invocation(id, now - 20_000, ['hello from the handler\n']));
    const env = `AWS_ENDPOINT_URL=${endpoint()} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1`;
    session = startSession(
      `env ${env} node bin/lambdalens.mjs tail --function ${name} --since 5m --no-xray --filter-pattern REPORT`,
      root,
    );
    const tty = session;
    await tty.waitFor((s) => s.includes(id), 30_000);
    tty.keys('Enter');
    const detail = await tty.waitFor((s) => s.includes('· invocation') && s.includes('Lines 1'), 10_000);
    expect(detail).toContain(`REPORT RequestId: ${id}`);
    expect(detail).not.toContain('hello from the handler');
    expect(detail).not.toContain('START RequestId');
  }, 60_000);

  it('places an untagged line stamped 20 minutes ahead where CloudWatch took it: the next cold start keeps its own span', async () => {
    const name = uniqueName('tailsk');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1']);
    const first = '66666666-6666-4666-8666-666666666666';
    const cold = '77777777-7777-4777-8777-777777777777';
    await putEvents(logs, group, 's1', invocation(first, Date.now() - 30_000));
    const env = `AWS_ENDPOINT_URL=${endpoint()} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1`;
    session = startSession(
      `env ${env} node bin/lambdalens.mjs tail --function ${name} --since 5m --no-xray`,
      root,
    );
    const tty = session;
    await tty.waitFor((s) => s.includes(first) && s.includes(' ok '), 30_000);
    // A layer's console.log after the request, from a clock 20 minutes fast; once the tail
    // has read it (its status bar says so), the environment's next request, a cold start.
    await putEvents(logs, group, 's1', [
      { timestamp: Date.now() + 20 * 60_000, message: 'layer: flushed metrics\n' },
    ]);
    await tty.waitFor((s) => /stamped up to 1\d{3} s ahead/.test(s), 30_000);
    const t = Date.now();
    await putEvents(
      logs,
      group,
      's1',
      invocation(cold, t, [], 'Duration: 12.50 ms\tBilled Duration: 13 ms\tInit Duration: 150.00 ms'),
    );
    await tty.waitFor((s) => (s.split('\n').find((l) => l.includes(cold)) ?? '').includes(' ok '), 30_000);
    tty.keys('/');
    tty.type(cold);
    tty.keys('Enter');
    await tty.waitFor((s) => s.includes('shown 1 of 2'), 10_000);
    tty.keys('Enter');
    const detail = await tty.waitFor(
      (s) => s.includes('· invocation') && s.includes('REPORT RequestId'),
      10_000,
    );
    // It ran from its START to its REPORT, not until the line stamped 20 minutes on.
    const span = (ms: number) => new Date(ms).toISOString().replace('T', ' ');
    expect(detail).toContain(`${span(t)} → ${span(t + 21)}`);
    expect(detail).toContain('* cold start');
    expect(detail).toContain('layer: flushed metrics');
  }, 90_000);

  it('completes a row let go without its REPORT when its END and REPORT are read late: status, figures, cost and summary', async () => {
    const name = uniqueName('tailrp');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1']);
    const late = '88888888-8888-4888-8888-888888888888';
    const [next, after] = ['99999999-9999-4999-8999-999999999999', 'aaaaaaaa-9999-4999-8999-999999999999'];
    const env = `AWS_ENDPOINT_URL=${endpoint()} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1`;
    session = startSession(
      `env ${env} node bin/lambdalens.mjs tail --function ${name} --since 5m --no-xray`,
      root,
    );
    const tty = session;
    const rowOf = (s: string, id: string) => s.split('\n').find((l) => l.includes(id)) ?? '';
    await tty.waitFor((s) => s.includes('Waiting for invocations'), 30_000);
    const t = Date.now() - 10_000;
    const [start, line, end, report] = invocation(late, t, ['working\n']);
    await putEvents(logs, group, 's1', [start!, line!]);
    await tty.waitFor((s) => rowOf(s, late).includes('running'), 30_000);
    // Two more requests of its stream are read before its END and REPORT: the second's START lets it go.
    await putEvents(logs, group, 's1', [...invocation(next, t + 2_000), ...invocation(after, t + 4_000)]);
    await tty.waitFor((s) => rowOf(s, late).includes('partial') && rowOf(s, after).includes(' ok '), 30_000);
    await putEvents(logs, group, 's1', [end!, report!]);
    // 13 ms of 128 MB, x86_64 in us-east-1, and the request.
    const whole = await tty.waitFor((s) => rowOf(s, late).includes(' ok '), 60_000);
    expect(rowOf(whole, late)).toMatch(/√ ok +12\.50 +13 +40\/128 \$0\.00000023/);
    const bar = await tty.waitFor((s) => s.includes('priced 3 of 3'), 10_000);
    expect(bar).not.toContain('no REPORT line');
    tty.keys('q');
    const ended = await tty.waitFor((s) => s.includes('EXITED'), 10_000);
    expect(ended).toContain('3 invocations (3 success)');
  }, 120_000);

  it('joins an invocation to the trace its logs name, never to another trace that names the same request', async () => {
    // The public Lambda trace (SNS publish under the function) put into moto under fresh IDs.
    const traced = XRAY_FIXTURE_REQUEST_ID; // the request the trace's Lambda segment names
    const other = '55555555-5555-4555-8555-555555555555'; // carries a trace ID whose trace names another request
    const trace = (id: string) => `1-59602603-${id}`;
    const [good, wrong] = [randomBytes(12).toString('hex'), randomBytes(12).toString('hex')];
    const documents = xrayFixtureDocuments;
    const xray = new XRayClient(clientConfig());
    await xray.send(
      new PutTraceSegmentsCommand({
        TraceSegmentDocuments: [...documents(trace(good)), ...documents(trace(wrong))],
      }),
    );

    const name = uniqueName('tailxr');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1']);
    const now = Date.now();
    const xrayLine = (traceId: string) =>
      `XRAY TraceId: ${traceId}\tSegmentId: 1fb07842d944e714\tSampled: true\t\n`;
    await putEvents(logs, group, 's1', [
      ...invocation(traced, now - 40_000),
      { timestamp: now - 40_000 + 22, message: xrayLine(trace(good)) },
      ...invocation(other, now - 20_000),
      { timestamp: now - 20_000 + 22, message: xrayLine(trace(wrong)) },
    ]);
    const env = `AWS_ENDPOINT_URL=${endpoint()} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1`;
    session = startSession(`env ${env} node bin/lambdalens.mjs tail --function ${name} --since 5m`, root);
    const tty = session;
    const rowOf = (s: string, id: string) => s.split('\n').find((l) => l.includes(id)) ?? '';
    // ♦ a trace attached, ◦ a trace ID only: the second trace's Lambda segment names another request
    const list = await tty.waitFor(
      (s) => rowOf(s, traced).includes(' ♦ ') && rowOf(s, other).includes(' ◦ '),
      30_000,
    );
    expect(rowOf(list, traced)).toMatch(/ ♦ ac086670-/);
    expect(rowOf(list, other)).toMatch(/ ◦ 55555555-/);
    tty.keys('k', 'Enter');
    const detail = await tty.waitFor(
      (s) => s.includes(`· invocation`) && s.includes(traced) && s.includes('SNS'),
      10_000,
    );
    expect(detail).toContain(`X-Ray trace ${trace(good)}  3232.00 ms`);
    expect(detail).toMatch(/^ +Initialization +█+ +755\.00 ms$/m);
    expect(detail).toMatch(/^ +SNS +█+ +959\.00 ms$/m);
  }, 60_000);
});
