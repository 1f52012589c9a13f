/**
 * The REPORT-only reading (`report-run.ts`) must be the correlator, only faster: on every
 * input, the same invocations in the same order, the same counts and the same context
 * learned. Compared on the fixtures, the examples, REPORT runs long enough for the sweep
 * of stale invocations, and generated mixes of REPORT runs with every other kind of line.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CorrelatorClock, createCorrelator } from '../../collectors/correlator/correlator.ts';
import { createReportRunCorrelator, type ReportRunOptions } from '../../collectors/correlator/report-run.ts';
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import type { Correlator, CorrelatorOptions } from '../../collectors/correlator/types.ts';
import { readLogEventBatches } from '../../collectors/files/read-inputs.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';
import { fieldNumber } from '../../collectors/parser/field-number.ts';
import { blockEvents, fixtureBlocks } from './fixture-blocks.ts';

const T0 = Date.UTC(2026, 9, 1, 12);

interface Run {
  done: Invocation[];
  /** After each push: the request it went to and what the parser said it was. */
  pushes: string[];
  stats: ReturnType<Correlator['stats']>;
  context: StreamContextTable;
}

type Make = (o: CorrelatorOptions, clock: CorrelatorClock) => Correlator;

/** Events to push, now and then a follower's expiry at a given wall-clock time, and where an input begins. */
type Step = LogEvent | { expireAt: number; idleMs: number } | { newInput: true };

function run(make: Make, steps: Step[], options: CorrelatorOptions): Run {
  const context = new StreamContextTable();
  let now = T0;
  const c = make({ ...options, context }, { now: () => now });
  const done: Invocation[] = [];
  const pushes: string[] = [];
  for (const e of steps) {
    if ('newInput' in e) {
      c.newInput();
      continue;
    }
    if ('expireAt' in e) {
      now = e.expireAt;
      done.push(...c.expire(e.idleMs));
      continue;
    }
    now += 10;
    const r = c.push(e);
    pushes.push(JSON.stringify([r.requestId, r.parsed]));
    // Copied: the correlator hands out the same array object again only after it is read.
    done.push(...r.completed);
  }
  const statsBefore = c.stats();
  done.push(...c.flush());
  return { done, pushes, stats: { ...statsBefore, open: 0 }, context };
}

/** Both ways on the same events: everything that comes out must be equal. */
function expectSame(events: Step[], options: CorrelatorOptions = {}): Invocation[] {
  const general = run(createCorrelator, events, options);
  const fast = run(createReportRunCorrelator, events, options);
  expect(fast.done).toEqual(general.done);
  expect(fast.pushes).toEqual(general.pushes);
  expect(fast.stats).toEqual(general.stats);
  expect(fast.context).toEqual(general.context);
  return general.done;
}

function report(id: string, billed: number, extra = ''): string {
  return `REPORT RequestId: ${id}\tDuration: ${(billed - 0.25).toFixed(2)} ms\tBilled Duration: ${billed} ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t${extra}`;
}

function id(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

describe('the REPORT-only reading is the correlator', () => {
  it('on every fixture block, with lines kept and without', () => {
    const events = fixtureBlocks().flatMap((b) => blockEvents(b, `stream-${b.index}`));
    for (const block of fixtureBlocks()) {
      expectSame(blockEvents(block));
      expectSame(blockEvents(block), { maxLinesPerInvocation: 0 });
    }
    expect(expectSame(events).length).toBe(38);
    expectSame(events, { maxLinesPerInvocation: 0, maxOpenInvocations: 3 });
  });

  it('on the examples, whole and as their REPORT lines alone', async () => {
    const dir = fileURLToPath(new URL('../../examples/data/logs/', import.meta.url));
    const events: LogEvent[] = [];
    for await (const batch of readLogEventBatches(readdirSync(dir).map((f) => `${dir}${f}`))) {
      events.push(...batch);
    }
    const reports = events.filter((e) => e.message.startsWith('REPORT RequestId'));
    expect(reports.length).toBeGreaterThan(1000);
    expectSame(events, { maxLinesPerInvocation: 0 });
    const alone = expectSame(reports, { maxLinesPerInvocation: 0 });
    expect(alone.length).toBe(reports.length);
    expectSame(reports, { maxLinesPerInvocation: 2, maxOpenInvocations: 100 });
    // REPORT lines first, then everything: the hand-over comes after thousands of events.
    expectSame([...reports, ...events], { maxLinesPerInvocation: 0, maxOpenInvocations: 500 });
  });

  it('keeps a figure written but unreadable (NaN) apart from one not written (null) and from Infinity', () => {
    const messages = [
      `REPORT RequestId: ${id(4)}\tDuration: Infinity ms\tBilled Duration: NaN ms\tMemory Size: -Infinity MB\tMax Memory Used: 1e999 MB\tInit Duration: abc ms\t`,
      `REPORT RequestId: ${id(1)}\tDuration: NaN ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t`,
      `REPORT RequestId: ${id(2)}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: Infinity ms\t`,
      `REPORT RequestId: ${id(3)}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\t`,
    ];
    const events = messages.map((message, i) => ({
      timestamp: T0 + i,
      message,
      logGroup: '/aws/lambda/figures',
      logStream: 's1',
    }));
    const done = expectSame(events, { maxLinesPerInvocation: 0 });
    expect(
      done.map((d) => [
        d.durationMs,
        d.billedDurationMs,
        d.memorySizeMB,
        d.initDurationMs,
        d.maxMemoryUsedMB,
      ]),
    ).toEqual([
      [Number.POSITIVE_INFINITY, Number.NaN, Number.NEGATIVE_INFINITY, Number.NaN, Number.POSITIVE_INFINITY],
      [Number.NaN, 13, 128, null, 70],
      [2, 2, 128, Number.POSITIVE_INFINITY, 70],
      [2, 2, 128, null, null],
    ]);
  });

  it('through sweeps of stale invocations, times that go back, and a hand-over after them', () => {
    const events: LogEvent[] = [];
    for (let i = 0; i < 12_000; i++) {
      // Two streams; one goes back in time now and then, so sweeps let go of REPORTs between waiting ones.
      const back = i % 7 === 3;
      events.push({
        timestamp: T0 + i * 400 - (back ? 30 * 60_000 : 0),
        message: report(id(i), 100 + (i % 900), i % 500 === 0 ? 'Init Duration: 120.50 ms\t' : ''),
        logGroup: '/aws/lambda/sweep',
        logStream: back ? 'b' : 'a',
        ...(i % 3 === 0 ? { accountId: '123456789012' } : {}),
      });
    }
    expectSame(events, { maxLinesPerInvocation: 0 });
    expectSame(events, { maxOpenInvocations: 2_000 });
    // Lines tagged with waiting and with let-go IDs, a repeated REPORT, an XRAY line.
    const tail: LogEvent[] = [
      {
        timestamp: T0 + 12_000 * 400,
        message: `2026-10-01T13:20:00.000Z\t${id(11_990)}\tERROR\tboom`,
        logGroup: '/aws/lambda/sweep',
        logStream: 'a',
      },
      {
        timestamp: T0 + 12_000 * 400,
        message: `2026-10-01T13:20:00.000Z\t${id(5)}\tINFO\tlate`,
        logGroup: '/aws/lambda/sweep',
        logStream: 'a',
      },
      {
        timestamp: T0 + 12_001 * 400,
        message: report(id(11_999), 100 + (11_999 % 900)),
        logGroup: '/aws/lambda/sweep',
        logStream: 'a',
      },
      {
        timestamp: T0 + 12_001 * 400,
        message:
          'XRAY TraceId: 1-6523b1c2-5b1d2f0e8c3a4b5d6e7f8091\tSegmentId: 0f1e2d3c4b5a6978\tSampled: true',
        logGroup: '/aws/lambda/sweep',
        logStream: 'a',
      },
    ];
    for (let cut = 0; cut <= tail.length; cut++) {
      expectSame([...events, ...tail.slice(0, cut)], { maxLinesPerInvocation: 0 });
    }
    expectSame([...events, ...tail], { maxLinesPerInvocation: 3, maxOpenInvocations: 4_000 });
  });

  it('when a REPORT-only input is followed by the full logs of its requests (an Insights export, then the logs)', () => {
    // 50 REPORTs a minute apart, then each request's START, a line and END in the next
    // input. Each REPORT waits for its lines: replayed from the second input's start, the
    // last of them fell on a sweep that let go of every one more than 16 minutes older.
    const group = { logGroup: '/aws/lambda/export', logStream: '2026/10/01/[$LATEST]a' };
    const reports: Step[] = [];
    const logs: Step[] = [{ newInput: true }];
    for (let i = 0; i < 50; i++) {
      const t = T0 + i * 60_000;
      reports.push({ timestamp: t + 500, message: report(id(i), 500), ...group });
      logs.push(
        { timestamp: t, message: `START RequestId: ${id(i)} Version: $LATEST`, ...group },
        { timestamp: t + 1, message: `${new Date(t + 1).toISOString()}\t${id(i)}\tINFO\twork`, ...group },
        { timestamp: t + 499, message: `END RequestId: ${id(i)}`, ...group },
      );
    }
    for (const options of [{ maxLinesPerInvocation: 0 }, {}]) {
      const done = expectSame([...reports, ...logs], options);
      expect(done.map((inv) => inv.requestId)).toEqual(Array.from({ length: 50 }, (_, i) => id(i)));
      expect(new Set(done.map((inv) => `${inv.status} ${inv.billedDurationMs}`))).toEqual(
        new Set(['success 500']),
      );
    }
  });

  it('tells onUnstarted of each invocation whose START it never read, before giving it out, as the correlator does', () => {
    // A window of history that begins between a request's END and its REPORT holds the REPORT
    // alone: a reader that knows the window cut it marks it, and must see the mark given out.
    const group = { logGroup: '/aws/lambda/cut', logStream: '2026/10/01/[$LATEST]a' };
    const events: LogEvent[] = [
      { timestamp: T0, message: report(id(1), 100), ...group },
      { timestamp: T0 + 1, message: report(id(2), 200), ...group },
    ];
    const told = (make: Make, options: ReportRunOptions) => {
      const ids: string[] = [];
      const { done } = run(make, events, {
        ...options,
        onUnstarted: (inv) => {
          ids.push(inv.requestId);
          inv.status = 'incomplete';
        },
      });
      return { ids, given: done.map((inv) => [inv.requestId, inv.status, inv.billedDurationMs]) };
    };
    const expected = {
      ids: [id(1), id(2)],
      given: [
        [id(1), 'incomplete', 100],
        [id(2), 'incomplete', 200],
      ],
    };
    expect(told(createCorrelator, {})).toEqual(expected);
    expect(told(createReportRunCorrelator, {})).toEqual(expected);
    // A consumer of lone REPORTs (cost) that is told of unstarted ones is given them built.
    expect(
      told(createReportRunCorrelator, { maxLinesPerInvocation: 0, onLoneReport: () => true }).ids,
    ).toEqual(expected.ids);
  });

  it('hands over REPORTs whose events carry every field, odd times among them, whatever the lines kept', () => {
    // Without lines kept a waiting REPORT keeps no event, only where it was read and its
    // time: handed over, the correlator must see of it what it would have seen of the event.
    const groups = [
      { logGroup: '/aws/lambda/fields', logStream: 's1' },
      { logGroup: '/aws/lambda/fields', logStream: 's2', accountId: '123456789012' },
      { functionName: 'bare', logStream: 's3' },
      { logGroup: 'custom-group', functionName: 'named', logStream: 's1', accountId: '210987654321' },
      {},
      // Another account's events in a group the first one's named (hostile input): each its own.
      { logGroup: '/aws/lambda/fields', logStream: 's2', accountId: '999999999999' },
    ];
    const odd = [Number.NaN, Number.POSITIVE_INFINITY, -1e20, 8.64e15 + 1, -8.64e15, 0];
    const events: LogEvent[] = [];
    for (let i = 0; i < 60; i++) {
      const where = groups[i % groups.length] as Partial<LogEvent>;
      events.push({
        timestamp: i % 4 === 0 ? (odd[(i / 4) % odd.length] as number) : T0 + i * 1_000,
        message: report(id(i), 100 + i, i % 9 === 0 ? 'Status: timeout\t' : ''),
        ...where,
        ...(i % 2 === 0 ? { eventId: `e${i}` } : {}),
        ...(i % 5 === 0 ? { ingestionTime: T0 - 60_000 } : {}),
      });
    }
    const handOver: LogEvent = {
      timestamp: T0 + 100_000,
      message: `2026-10-01T12:01:40.000Z\t${id(5)}\tINFO\ttagged`,
      logGroup: '/aws/lambda/fields',
      logStream: 's1',
    };
    for (const options of [
      { maxLinesPerInvocation: 0 },
      { maxLinesPerInvocation: 0, maxOpenInvocations: 20 },
      {},
    ]) {
      expectSame([...events, handOver], options);
    }
  });

  it('on generated mixes of REPORT runs and every other kind of line', () => {
    const ids = fc.integer({ min: 0, max: 40 }).map(id);
    const streams = fc.constantFrom('s1', 's2', 's3');
    const line = fc.oneof(
      {
        weight: 8,
        arbitrary: fc
          .tuple(
            ids,
            fc.integer({ min: 1, max: 3000 }),
            fc.constantFrom(
              '',
              'Init Duration: 10.5 ms\t',
              'Status: timeout\t',
              'XRAY TraceId: 1-a-b\tSegmentId: c\tSampled: true\t',
              'Restore Duration: 3.25 ms\tBilled Restore Duration: 2 ms\t',
            ),
          )
          .map(([i, b, x]) => report(i, b, x)),
      },
      {
        // Figures written but unreadable, and a memory size no function has.
        weight: 1,
        arbitrary: fc
          .tuple(ids, fc.constantFrom('NaN', 'Infinity', 'abc', '12'), fc.constantFrom('0', '128', 'NaN'))
          .map(
            ([i, d, m]) =>
              `REPORT RequestId: ${i}\tDuration: ${d} ms\tBilled Duration: ${d} ms\tMemory Size: ${m} MB\tMax Memory Used: 70 MB\t`,
          ),
      },
      { weight: 1, arbitrary: ids.map((i) => `START RequestId: ${i} Version: $LATEST`) },
      { weight: 1, arbitrary: ids.map((i) => `END RequestId: ${i}`) },
      { weight: 1, arbitrary: ids.map((i) => `2026-10-01T12:00:00.000Z\t${i}\tERROR\tTask timed out`) },
      { weight: 1, arbitrary: fc.constant('plain text from the code') },
      {
        weight: 1,
        arbitrary: fc.constant(
          'XRAY TraceId: 1-6523b1c2-5b1d2f0e8c3a4b5d6e7f8091\tSegmentId: 0f1e\tSampled: true',
        ),
      },
      {
        weight: 1,
        arbitrary: fc.constant(
          'INIT_START Runtime Version: python:3.12.v9\tRuntime Version ARN: arn:aws:lambda:eu-west-1::runtime:abc',
        ),
      },
      {
        weight: 1,
        arbitrary: ids.map(
          (i) =>
            `  REPORT RequestId: ${i}  Duration: 1.5 ms  Billed Duration: 2 ms  Memory Size: 128 MB  Max Memory Used: 60 MB`,
        ),
      },
    );
    const eventOf = fc.record({
      message: line,
      dt: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: -3_000_000, max: 3_000_000 }),
      ),
      timed: fc.boolean(),
      stream: streams,
      account: fc.option(fc.constant('123456789012'), { nil: undefined }),
      group: fc.constantFrom('/aws/lambda/gen', 'shared-group', undefined),
      // Now and then a follower's wall-clock expiry (live input).
      expire: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined, freq: 10 }),
    });
    const input = fc.record({
      // A REPORT run first, so the hand-over falls anywhere in it, then anything.
      run: fc.array(fc.tuple(ids, fc.integer({ min: 1, max: 3000 }), streams, fc.boolean()), {
        maxLength: 60,
      }),
      rest: fc.array(eventOf, { maxLength: 60 }),
      maxOpen: fc.integer({ min: 1, max: 12 }),
      maxLines: fc.constantFrom(0, 2),
    });
    fc.assert(
      fc.property(input, ({ run: reports, rest, maxOpen, maxLines }) => {
        let t = T0;
        const events: LogEvent[] = reports.map(([i, b, stream, timed]) => {
          t += 1000;
          return {
            timestamp: timed ? t : Number.NaN,
            message: report(i, b),
            logGroup: '/aws/lambda/gen',
            logStream: stream,
          };
        });
        const steps: Step[] = events;
        for (const e of rest) {
          t += e.dt;
          if (e.expire !== undefined) steps.push({ expireAt: T0 + e.expire, idleMs: 500 });
          steps.push({
            timestamp: e.timed ? t : Number.NaN,
            message: e.message,
            ...(e.group ? { logGroup: e.group } : { functionName: 'gen' }),
            logStream: e.stream,
            ...(e.account ? { accountId: e.account } : {}),
          });
        }
        expectSame(steps, { maxOpenInvocations: maxOpen, maxLinesPerInvocation: maxLines });
      }),
      { numRuns: 4000 },
    );
  });
});

/** Digits grouped by commas, as some exports and consoles write figures: `1,024`, `12,345.678`. */
const groupedFigure = fc
  .tuple(
    fc.integer({ min: 1, max: 999 }),
    fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 4 }),
    fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }),
  )
  .map(([head, groups, fraction]) => {
    const whole = [String(head), ...groups.map((g) => String(g).padStart(3, '0'))];
    return {
      text: whole.join(',') + (fraction ? `.${fraction}` : ''),
      plain: whole.join('') + (fraction ? `.${fraction}` : ''),
    };
  });

describe('a REPORT figure is the number parseFloat reads, grouped digits whole', () => {
  it('on plain decimals of every length and on anything else without a comma', () => {
    const value = fc.oneof(
      fc.stringMatching(/^[0-9]{0,18}(\.[0-9]{0,18})?$/),
      fc.double({ noNaN: true }).map(String),
      fc.integer().map(String),
      fc.string({ maxLength: 8 }).filter((v) => !v.includes(',')),
      fc.constantFrom(
        '.',
        '1.',
        '.5',
        '0.1',
        '00.50',
        '9007199254740993',
        '123456789012345.6',
        '1e3',
        '-0',
        'Infinity',
      ),
    );
    fc.assert(
      fc.property(value, (v) => {
        // As parseFloat reads it, Infinity too: the report-value checks name what was written.
        expect(fieldNumber(v)).toBe(Number.parseFloat(v));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads digits grouped by commas as the whole number', () => {
    expect(fieldNumber('1,024')).toBe(1024);
    expect(fieldNumber('1,234')).toBe(1234);
    expect(fieldNumber('10,240')).toBe(10_240);
    expect(fieldNumber('1,200.50')).toBe(1200.5);
    expect(fieldNumber('909,999')).toBe(909_999);
    expect(fieldNumber('1,234,567,890')).toBe(1_234_567_890);
    fc.assert(
      fc.property(groupedFigure, ({ text, plain }) => {
        expect(fieldNumber(text)).toBe(Number.parseFloat(plain));
      }),
      { numRuns: 20_000 },
    );
  });

  it('finds any other comma unreadable, never the digits before it', () => {
    for (const v of [
      '1,5',
      '1,02',
      '1,0245',
      '12,34',
      '1234,567',
      ',123',
      '1,024,',
      '1,,024',
      '1,024.5,0',
      '-1,024',
      '1,024e3',
      '1,024 ',
    ]) {
      expect(fieldNumber(v), v).toBeNaN();
    }
    fc.assert(
      fc.property(
        fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })).map(([a, b]) => `${a},${b}`),
        (v) => {
          if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) expect(fieldNumber(v)).toBeNaN();
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
