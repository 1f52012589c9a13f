/**
 * Per-stream context: what an environment's start (INIT_START, RESTORE_START,
 * platform.initStart) and a group's ARNs or payload owner say holds for every invocation
 * of that stream or group, warm ones included. Lines follow the documented shapes
 * (INIT_START with its runtime version ARN as in the AWS runtime-management page; REPORT
 * as CloudWatch stores it); IDs and values are made up for the test.
 */
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';

const GROUP = '/aws/lambda/orders-api';
const ARN =
  'arn:aws:lambda:eu-south-1::runtime:0cdcfbdefbc5e7d3343f73c2e2dd3cba17d61dea0686b404502a0c9ce83931b9';
let seq = 0;
let clock = Date.UTC(2026, 9, 1, 12);

function ev(stream: string, message: string, extra: Partial<LogEvent> = {}): LogEvent {
  clock += 10;
  return { timestamp: clock, message, logGroup: GROUP, logStream: stream, ...extra };
}

function request(stream: string, opts: { init?: boolean; extra?: Partial<LogEvent> } = {}): LogEvent[] {
  const id = `00000000-0000-4000-8000-${String(seq++).padStart(12, '0')}`;
  const init = opts.init ? '\tInit Duration: 120.50 ms' : '';
  return [
    ev(stream, `START RequestId: ${id} Version: $LATEST`, opts.extra),
    ev(
      stream,
      `REPORT RequestId: ${id}\tDuration: 10.00 ms\tBilled Duration: 11 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB${init}\t`,
      opts.extra,
    ),
  ];
}

function run(events: LogEvent[], context = new StreamContextTable()): Invocation[] {
  const correlator = createCorrelator({ context });
  const out: Invocation[] = [];
  for (const e of events) out.push(...correlator.push(e).completed);
  out.push(...correlator.flush());
  return out;
}

describe('per-stream context', () => {
  it('gives the warm invocations of a stream the Region and runtime its INIT_START named', () => {
    const a = '2026/10/01/[$LATEST]aaaa';
    const invs = run([
      ev(a, `INIT_START Runtime Version: python:3.12.v52\tRuntime Version ARN: ${ARN}`),
      ...request(a, { init: true }),
      ...request(a),
      ...request(a),
    ]);
    expect(invs.map((i) => [i.coldStart, i.region, i.runtimeVersion, i.initializationType])).toEqual([
      [true, 'eu-south-1', 'python:3.12.v52', 'on-demand'],
      [false, 'eu-south-1', 'python:3.12.v52', 'on-demand'],
      [false, 'eu-south-1', 'python:3.12.v52', 'on-demand'],
    ]);
  });

  it('gives a stream whose start is not in the input its group’s Region, and no initialization type', () => {
    const a = '2026/10/01/[$LATEST]aaaa';
    const b = '2026/10/01/[$LATEST]bbbb';
    const context = new StreamContextTable();
    const invs = run(
      [
        ev(a, `INIT_START Runtime Version: python:3.12.v52\tRuntime Version ARN: ${ARN}`),
        ...request(a, { init: true }),
        ...request(b),
      ],
      context,
    );
    expect(invs.map((i) => [i.logStream, i.region, i.initializationType])).toEqual([
      [a, 'eu-south-1', 'on-demand'],
      [b, 'eu-south-1', null],
    ]);
    // Read after the run, the table answers for invocations that closed before it knew.
    expect(context.resolve(GROUP, b)).toEqual({
      region: 'eu-south-1',
      accountId: null,
      runtimeVersion: 'python:3.12.v52',
      initializationType: null,
    });
  });

  it('takes a subscription payload’s owner and a function ARN for the whole group', () => {
    const a = 'a';
    const b = 'b';
    const arnStart = JSON.stringify({
      time: '2026-10-01T12:00:00.000Z',
      type: 'platform.start',
      record: {
        requestId: 'f0000000-0000-4000-8000-000000000001',
        version: '$LATEST',
        functionArn: 'arn:aws:lambda:ap-southeast-2:210987654321:function:orders-api',
      },
    });
    const context = new StreamContextTable();
    run([ev(a, arnStart), ...request(b, { extra: { accountId: '123456789012' } })], context);
    // The payload owner arrived last, so it is the group's account now; the ARN gave the Region.
    expect(context.group(GROUP)).toEqual({
      region: 'ap-southeast-2',
      accountId: '123456789012',
      runtimeVersion: null,
    });
  });

  it('marks provisioned-concurrency environments, from JSON and from the text INIT_REPORT shape', () => {
    const json = 'json-env';
    const text = 'text-env';
    const snap = 'snap-env';
    const initStart = JSON.stringify({
      time: '2026-10-01T12:00:00.000Z',
      type: 'platform.initStart',
      record: {
        initializationType: 'provisioned-concurrency',
        phase: 'init',
        runtimeVersion: 'nodejs:22.v9',
      },
    });
    const order = (x: (string | null)[]) => [json, text, snap].indexOf(x[0] as string);
    const invs = run([
      ev(json, initStart),
      ...request(json),
      ...request(json),
      ev(text, `INIT_START Runtime Version: python:3.12.v52\tRuntime Version ARN: ${ARN}`),
      ev(text, 'INIT_REPORT Init Duration: 480.31 ms\tPhase: init\t'),
      ...request(text),
      ...request(text),
      ev(snap, `RESTORE_START Runtime Version: python:3.12.v52\tRuntime Version ARN: ${ARN}`),
      ev(snap, 'RESTORE_REPORT Restore Duration: 310.00 ms\t'),
      ...request(snap),
    ]);
    // JSON-format environments may overlap requests, so theirs complete later: compare by stream.
    const byStream = invs.map((i) => [i.logStream, i.initializationType]).sort((x, y) => order(x) - order(y));
    expect(byStream).toEqual([
      [json, 'provisioned-concurrency'],
      [json, 'provisioned-concurrency'],
      [text, 'provisioned-concurrency'],
      [text, 'provisioned-concurrency'],
      [snap, 'snap-start'],
    ]);
  });

  it('does not take a failed init for provisioned concurrency, and forgets the kind on a new start', () => {
    const a = 'a';
    const invs = run([
      ev(a, 'INIT_START Runtime Version: python:3.12.v52'),
      ev(
        a,
        'INIT_REPORT Init Duration: 3250.25 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError',
      ),
      ...request(a, { init: true }),
      ev(a, 'INIT_START Runtime Version: python:3.12.v53'),
      ev(a, 'INIT_REPORT Init Duration: 480.31 ms\tPhase: init\t'),
      ...request(a),
    ]);
    expect(invs.map((i) => [i.initializationType, i.runtimeVersion])).toEqual([
      ['on-demand', 'python:3.12.v52'],
      ['provisioned-concurrency', 'python:3.12.v53'],
    ]);
  });

  it('stays within its bounds and counts what it forgot', () => {
    const context = new StreamContextTable({ maxStreams: 3, maxGroups: 2 });
    for (let i = 0; i < 10; i++) context.learnStream(`g${i % 4}`, `s${i}`, { region: `r-${i}` });
    const stats = context.stats();
    expect(stats.streams).toBe(3);
    expect(stats.groups).toBe(2);
    // 7 streams over the 3 held; groups cycle through 4 names with room for 2, so every
    // learn after the first two names a group no longer held.
    expect(stats.evicted).toBe(7 + 8);
    expect(context.stream('g1', 's9')?.region).toBe('r-9');
    expect(context.stream('g0', 's0')).toBeNull();
  });

  it('forgets groups oldest first, however many come past the bound', () => {
    const context = new StreamContextTable({ maxGroups: 1_000 });
    for (let i = 0; i < 20_000; i++) context.learnGroup(`/aws/lambda/fn-${i}`, { region: `r-${i}` });
    // A group learned again keeps its place: it is not learned anew.
    context.learnGroup('/aws/lambda/fn-19000', { accountId: '123456789012' });
    context.learnGroup('/aws/lambda/fn-20000', { region: 'r-20000' });
    expect(context.stats()).toEqual({ streams: 0, groups: 1_000, evicted: 19_001 });
    expect(context.group('/aws/lambda/fn-19000')).toBeNull();
    expect(context.group('/aws/lambda/fn-19001')).toEqual({
      region: 'r-19001',
      accountId: null,
      runtimeVersion: null,
    });
    expect(context.group('/aws/lambda/fn-20000')?.region).toBe('r-20000');
  });
});
