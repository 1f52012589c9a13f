/**
 * `cost` adds up a REPORT that closed alone without an invocation built for it
 * (`onLoneReport`, `CostAggregator.addLoneReport`). The aggregator must end in exactly the
 * state that adding the correlator's invocations gives (figures, counts, days, what could
 * not be priced and its examples, in the same order), and a part's watcher must note the
 * same invocations: on the fixtures, the examples, and generated REPORT runs with every
 * REPORT shape, impossible figures, periods, and bounds small enough to let go early.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReportRunCorrelator } from '../../collectors/correlator/report-run.ts';
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import type { CorrelationWatcher, WatchedInvocation } from '../../collectors/correlator/types.ts';
import { readLogEventBatches } from '../../collectors/files/read-inputs.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { CostAggregator } from '../../pricing/report/aggregator.ts';
import { snapshotAggregator } from '../../pricing/report/aggregator-snapshot.ts';
import { buildReport } from '../../pricing/report/build.ts';
import { monthPeriod, type Period } from '../../pricing/report/period.ts';
import { createCostCorrelator } from '../../pricing/sources/local.ts';
import { AWS_LIST_PRICES } from '../../pricing/tables/aws-list-prices.ts';
import { blockEvents, fixtureBlocks } from './fixture-blocks.ts';

interface Options {
  period?: Period;
  maxOpenInvocations?: number;
}

/** The aggregator's whole state and what the watcher noted, after reading `events` one way. */
function aggregate(events: LogEvent[], lone: boolean, options: Options) {
  const agg = new CostAggregator({
    table: AWS_LIST_PRICES,
    period: options.period,
    defaults: { region: 'us-east-1', architecture: 'x86_64' },
    context: new StreamContextTable(),
  });
  const notes: unknown[] = [];
  const watch: CorrelationWatcher = {
    noteEvent: () => {},
    noteInvocation: (inv: WatchedInvocation, tail: boolean) => {
      notes.push([
        inv.requestId,
        inv.functionName,
        inv.logGroup,
        inv.region,
        inv.accountId,
        inv.runtimeVersion,
        tail,
      ]);
    },
  };
  const correlator = lone
    ? createCostCorrelator(agg, { watch, maxOpenInvocations: options.maxOpenInvocations })
    : createReportRunCorrelator({
        maxLinesPerInvocation: 0,
        context: agg.context,
        ...(options.maxOpenInvocations ? { maxOpenInvocations: options.maxOpenInvocations } : {}),
      });
  for (const event of events) {
    for (const inv of correlator.push(event).completed) {
      watch.noteInvocation(inv, false);
      agg.addInvocation(inv);
    }
  }
  for (const inv of correlator.flush()) {
    watch.noteInvocation(inv, true);
    agg.addInvocation(inv);
  }
  return {
    state: snapshotAggregator(agg),
    counts: [agg.seen, agg.records, agg.undated, agg.outsidePeriod, agg.firstDay, agg.lastDay],
    months: [...agg.months],
    report: buildReport(agg),
    stats: correlator.stats(),
    notes,
  };
}

function expectSame(events: LogEvent[], options: Options = {}): ReturnType<typeof aggregate> {
  const built = aggregate(events, false, options);
  const lone = aggregate(events, true, options);
  expect(lone).toEqual(built);
  return built;
}

const T0 = Date.UTC(2026, 9, 31, 20);

function id(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

describe('a lone REPORT added up in place is the invocation the correlator builds', () => {
  it('on every fixture block and on the examples', async () => {
    for (const block of fixtureBlocks()) expectSame(blockEvents(block));
    const dir = fileURLToPath(new URL('../../examples/data/logs/', import.meta.url));
    const events: LogEvent[] = [];
    for await (const batch of readLogEventBatches(readdirSync(dir).map((f) => `${dir}${f}`))) {
      events.push(...batch);
    }
    const reports = events.filter((e) => e.message.startsWith('REPORT RequestId'));
    const alone = expectSame(reports);
    expect(alone.report.totals.invocations).toBe(reports.length);
    expectSame(reports, { maxOpenInvocations: 7, period: monthPeriod('2026-10') });
    expectSame([...reports, ...events], { maxOpenInvocations: 500 });
  });

  it('on generated REPORT runs of every shape, with impossible figures, periods and small bounds', () => {
    const extra = fc.constantFrom(
      '',
      'Init Duration: 10.5 ms\t',
      'Status: timeout\t',
      'Status: error\tError Type: Runtime.ExitError\t',
      'XRAY TraceId: 1-a-b\tSegmentId: c\tSampled: true\t',
      'Restore Duration: 3.25 ms\tBilled Restore Duration: 2 ms\t',
    );
    const memory = fc.constantFrom('128', '1769', '10240', '0', '20000', '512.5');
    const billed = fc.oneof(fc.integer({ min: 1, max: 3000 }).map(String), fc.constantFrom('0', '1.5'));
    const event = fc.record({
      id: fc.integer({ min: 0, max: 30 }),
      billed,
      memory,
      used: fc.integer({ min: 30, max: 700 }),
      extra,
      // Hours from T0: the month before, the month, the month after, or no time.
      hours: fc.option(fc.integer({ min: -800, max: 800 }), { nil: undefined, freq: 6 }),
      group: fc.constantFrom('/aws/lambda/gen', '/aws/lambda/other', 'shared-group', undefined),
      stream: fc.constantFrom('s1', 's2'),
      account: fc.option(fc.constant('123456789012'), { nil: undefined }),
    });
    const input = fc.record({
      events: fc.array(event, { maxLength: 80 }),
      maxOpen: fc.integer({ min: 1, max: 12 }),
      period: fc.boolean(),
    });
    fc.assert(
      fc.property(input, ({ events, maxOpen, period }) => {
        const logEvents: LogEvent[] = events.map((e) => ({
          timestamp: e.hours === undefined ? Number.NaN : T0 + e.hours * 3_600_000,
          message:
            `REPORT RequestId: ${id(e.id)}\tDuration: 12.25 ms\tBilled Duration: ${e.billed} ms\t` +
            `Memory Size: ${e.memory} MB\tMax Memory Used: ${e.used} MB\t${e.extra}`,
          ...(e.group ? { logGroup: e.group } : { functionName: 'gen' }),
          logStream: e.stream,
          ...(e.account ? { accountId: e.account } : {}),
        }));
        expectSame(logEvents, {
          maxOpenInvocations: maxOpen,
          ...(period ? { period: monthPeriod('2026-10') } : {}),
        });
      }),
      { numRuns: 1500 },
    );
  });

  it('past the default bound, through the sweeps of stale REPORTs', () => {
    const events: LogEvent[] = [];
    for (let i = 0; i < 12_500; i++) {
      events.push({
        timestamp: T0 + i * 400 - (i % 7 === 3 ? 30 * 60_000 : 0),
        message:
          `REPORT RequestId: ${id(i)}\tDuration: 99.5 ms\tBilled Duration: ${100 + (i % 900)} ms\t` +
          `Memory Size: ${i % 1000 === 0 ? 0 : 256} MB\tMax Memory Used: 80 MB\t${i % 500 === 0 ? 'Init Duration: 120.50 ms\t' : ''}`,
        logGroup: '/aws/lambda/sweep',
        logStream: i % 7 === 3 ? 'b' : 'a',
      });
    }
    const built = expectSame(events);
    expect(built.stats.invocations).toBe(12_500);
    expect(built.report.totals.invocations).toBe(12_500 - 13);
  });
});
