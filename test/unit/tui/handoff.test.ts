import { describe, expect, it } from 'vitest';
import { exportPieces, parseExportTarget } from '../../../cli/tui/export.ts';
import { costPerHour, createHealthTracker, summarizeRows } from '../../../cli/tui/health.ts';
import { consoleHost, hyperlink, invocationLinks } from '../../../cli/tui/links.ts';
import { emptyInvocation } from '../../../collectors/model.ts';
import { fixtureEvents, row, storeOf } from './helpers.tsx';

describe('console links', () => {
  const inv = {
    ...emptyInvocation('dbda340c-xmpl-4031-8810-11bb609b4c71'),
    functionName: 'orders',
    logGroup: '/aws/lambda/orders',
    logStream: '2024/06/10/[$LATEST]4f1c0a9e',
    start: '2024-06-10T12:00:00.005Z',
    end: '2024-06-10T12:00:00.246Z',
    traceId: '1-5e7d7595-212fxmpl9ee07c4884191322',
  };

  it("opens the log stream at the invocation, with the console's double encoding", () => {
    expect(invocationLinks(inv, 'eu-west-1').logStream).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Forders/log-events/2024$252F06$252F10$252F$255B$2524LATEST$255D4f1c0a9e$3Fstart$3D1718020799005',
    );
  });

  it('queries Logs Insights for the request ID around its time', () => {
    const url = invocationLinks(inv, 'eu-west-1').insights ?? '';
    expect(
      url.startsWith(
        'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights$3FqueryDetail$3D$257E$2528end$257E$2527',
      ),
    ).toBe(true);
    // the query text, percent-encoded with * inside the escaped object
    expect(url).toContain('dbda340c-xmpl-4031-8810-11bb609b4c71');
    expect(url).toContain('source$257E$2528$257E$2527*2Faws*2Flambda*2Forders$2529$2529');
    expect(url).toContain('2024-06-10T11*3A59*3A00.005Z');
  });

  it('links the trace and the function; the region of the log wins over the default', () => {
    const links = invocationLinks({ ...inv, region: 'us-east-2' }, 'eu-west-1');
    expect(links.trace).toBe(
      'https://us-east-2.console.aws.amazon.com/cloudwatch/home?region=us-east-2#xray:traces/1-5e7d7595-212fxmpl9ee07c4884191322',
    );
    expect(links.function).toBe(
      'https://us-east-2.console.aws.amazon.com/lambda/home?region=us-east-2#/functions/orders',
    );
    expect(invocationLinks(inv, null)).toEqual({
      logStream: null,
      insights: null,
      trace: null,
      function: null,
    });
    expect(consoleHost('cn-north-1')).toBe('cn-north-1.console.amazonaws.cn');
    expect(hyperlink('https://x', 'label')).toBe('\u001B]8;;https://x\u0007label\u001B]8;;\u0007');
  });
});

describe('export', () => {
  it('reads the target: | for the pager, NDJSON by extension, text otherwise', () => {
    expect(parseExportTarget('|')).toEqual({ kind: 'pager', format: 'text' });
    expect(parseExportTarget('| ndjson')).toEqual({ kind: 'pager', format: 'ndjson' });
    expect(parseExportTarget('out/run.ndjson')).toEqual({
      kind: 'file',
      path: 'out/run.ndjson',
      format: 'ndjson',
    });
    expect(parseExportTarget('a.txt')).toEqual({ kind: 'file', path: 'a.txt', format: 'text' });
  });

  it('writes the same NDJSON and text as lambdalens logs', () => {
    const store = storeOf(fixtureEvents());
    const ids = store.snapshot().rows.map((r) => r.id);
    const invocations = ids.flatMap((id) => store.detail(id)?.invocation ?? []);
    // An invocation a piece: all of them joined could pass V8's longest string.
    const pieces = [...exportPieces(invocations, 'ndjson')];
    expect(pieces).toHaveLength(8);
    expect(pieces.every((p) => p.endsWith('}\n') && p.indexOf('\n') === p.length - 1)).toBe(true);
    const ndjson = pieces.join('').trim().split('\n');
    expect(ndjson).toHaveLength(8);
    expect(JSON.parse(ndjson[2] ?? '{}')).toMatchObject({
      requestId: 'dbb585bb-3a54-4d1a-a690-54e5085c55f8',
      status: 'timeout',
    });
    const text = [...exportPieces(invocations.slice(2, 3), 'text')].join('');
    expect(text).toContain('Task timed out after 300.10 seconds');
    expect(text).not.toContain('\u001B[');
  });
});

describe('health', () => {
  const rows = [
    row({
      requestId: 'a',
      functionName: 'orders',
      durationMs: 10,
      startMs: 0,
      costUsd: 0.001,
      coldStart: true,
    }),
    row({
      requestId: 'b',
      functionName: 'orders',
      durationMs: 20,
      startMs: 60_000,
      status: 'timeout',
      costUsd: 0.001,
    }),
    row({
      requestId: 'c',
      functionName: 'orders',
      durationMs: 30,
      startMs: 120_000,
      status: 'oom',
      maxMemoryUsedMB: 128,
    }),
    row({ requestId: 'd', functionName: 'orders', live: true, durationMs: null }),
    row({ requestId: 'e', functionName: 'billing', durationMs: 5, status: 'crash' }),
  ];

  it('counts failures by kind, cold starts, exact percentiles and headroom on screen', () => {
    const [orders, billing] = summarizeRows(rows);
    expect(orders).toMatchObject({
      functionName: 'orders',
      invocations: 3,
      running: 1,
      timeouts: 1,
      ooms: 1,
      cold: 1,
      p50Ms: 20,
      p95Ms: 30,
      peakMemoryRatio: 1,
      priced: 2,
    });
    expect(costPerHour(orders ?? ({} as never))).toBeCloseTo((0.002 / 120_030) * 3_600_000, 10);
    expect(billing).toMatchObject({ functionName: 'billing', crashes: 1, invocations: 1 });
  });

  it('keeps since-start figures for every completed invocation, within bounded memory', () => {
    const tracker = createHealthTracker(2);
    for (let i = 0; i < 10_000; i++) tracker.add(row({ functionName: 'orders', durationMs: i % 100 }));
    tracker.add(row({ functionName: 'billing' }));
    tracker.add(row({ functionName: 'reports' }));
    tracker.add(row({ functionName: 'search' }));
    const summary = tracker.summary();
    expect(summary.map((h) => [h.functionName, h.invocations])).toEqual([
      ['orders', 10_000],
      ['(other functions)', 2],
      ['billing', 1],
    ]);
    expect(summary[0]?.p50Ms).toBeGreaterThanOrEqual(48.5);
    expect(summary[0]?.p50Ms).toBeLessThanOrEqual(50.5);
  });

  it('gives the same percentiles on screen and since start for the same invocations', () => {
    // 102 quick invocations, one that timed out: p99 is the second slowest in both views
    const samples = [
      ...Array.from({ length: 102 }, (_, i) =>
        row({ requestId: `r${i}`, functionName: 'orders', durationMs: 100 + i }),
      ),
      row({ requestId: 'slow', functionName: 'orders', durationMs: 30_000, status: 'timeout' }),
    ];
    const tracker = createHealthTracker();
    for (const sample of samples) tracker.add(sample);
    const [onScreen] = summarizeRows(samples);
    const [sinceStart] = tracker.summary();
    expect(onScreen).toMatchObject({ p50Ms: 151, p95Ms: 197, p99Ms: 201 });
    for (const key of ['p50Ms', 'p95Ms', 'p99Ms'] as const) {
      const exact = onScreen?.[key] ?? Number.NaN;
      expect(Math.abs((sinceStart?.[key] ?? Number.NaN) - exact) / exact, key).toBeLessThanOrEqual(0.01);
    }
  });
});
