/**
 * The summary's columns as the terminal narrows: whole columns give way, the least needed
 * first, and COST, the money spent, outlasts COST/h and PRICED.
 */
import { describe, expect, it } from 'vitest';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../../../cli/tui/glyphs.ts';
import { summarizeRows } from '../../../cli/tui/health.ts';
import { lineText } from '../../../cli/tui/paint.ts';
import { summaryLines, summaryScreen } from '../../../cli/tui/summary-lines.ts';
import type { RowView } from '../../../cli/tui/types.ts';
import { row } from './helpers.tsx';

const HOUR = 3_600_000;

/** Three functions: one busy over two hours with a cold start and a timeout, one that errs, one out of memory. */
const ROWS: RowView[] = [
  row({
    requestId: 'a1',
    functionName: 'orders-api',
    startMs: 0,
    coldStart: true,
    durationMs: 812.4,
    costUsd: 0.0000021,
  }),
  row({ requestId: 'a2', functionName: 'orders-api', startMs: HOUR, durationMs: 95.5, costUsd: 0.0000004 }),
  row({
    requestId: 'a3',
    functionName: 'orders-api',
    startMs: 2 * HOUR,
    status: 'timeout',
    durationMs: 3000,
    costUsd: 0.0000065,
  }),
  row({
    requestId: 'b1',
    functionName: 'payments-webhook',
    startMs: 60_000,
    status: 'error',
    durationMs: 41.2,
    maxMemoryUsedMB: 90,
    costUsd: 0.0000003,
  }),
  row({
    requestId: 'b2',
    functionName: 'payments-webhook',
    startMs: 30 * 60_000,
    durationMs: 1500,
    maxMemoryUsedMB: 120,
    costUsd: null,
    costReason: 'region unknown',
  }),
  row({
    requestId: 'c1',
    functionName: 'billing',
    startMs: 90_000,
    status: 'oom',
    coldStart: true,
    durationMs: 250,
    maxMemoryUsedMB: 128,
    costUsd: 0.0000011,
  }),
];

/** The first table's header and rows as drawn at `width`, trailing spaces kept. */
function drawn(width: number, rows: RowView[] = ROWS): string[] {
  const health = summarizeRows(rows);
  const lines = summaryLines(health, health, width, 'On screen', UNICODE_GLYPHS);
  return summaryScreen(lines, 1, health.length + 1).map(lineText);
}

describe('summary columns as the terminal narrows', () => {
  it('at 120 columns: every column but RUNNING, ERROR, TIMEOUT and P99', () => {
    expect(drawn(120)).toEqual([
      'FUNCTION          INVOKED FAILED    OOM   COLD   P50 ms   P95 ms MEM PEAK MB HEADROOM     COST/h       COST  PRICED',
      'orders-api              3    33%     0%    33%      812     3000      50/128      61%  $0.000004  $0.000009    100%',
      'payments-webhook        2    50%     0%     0%     41.2     1500     120/128       6% ≥$0.000001        >$0     50%',
      'billing                 1   100%   100%   100%      250      250     128/128       0%          -  $0.000001    100%',
    ]);
  });

  it('at 80 columns: the finer figures have gone; COST/h and COST stay', () => {
    expect(drawn(80)).toEqual([
      'FUNCTION          INVOKED FAILED   COLD   P95 ms HEADROOM     COST/h       COST',
      'orders-api              3    33%    33%     3000      61%  $0.000004  $0.000009',
      'payments-webhook        2    50%     0%     1500       6% ≥$0.000001        >$0',
      'billing                 1   100%   100%      250       0%          -  $0.000001',
    ]);
  });

  it('at 60 columns: COST stays, COST/h has gone', () => {
    expect(drawn(60)).toEqual([
      'FUNCTION          INVOKED FAILED   COLD   P95 ms       COST',
      'orders-api              3    33%    33%     3000  $0.000009',
      'payments-webhook        2    50%     0%     1500        >$0',
      'billing                 1   100%   100%      250  $0.000001',
    ]);
  });

  it('at 50 columns: COST stays beside INVOKED and FAILED', () => {
    // COLD, gone before P95, does not take back the room P95 leaves: it is not shown at 60.
    expect(drawn(50)).toEqual([
      'FUNCTION          INVOKED FAILED       COST',
      'orders-api              3    33%  $0.000009',
      'payments-webhook        2    50%        >$0',
      'billing                 1   100%  $0.000001',
    ]);
  });

  it('shows a column shown at one width at every wider one, from 40 to 200 columns', () => {
    const TITLES = ['INVOKED', 'RUNNING', 'FAILED', 'ERROR', 'TIMEOUT', 'OOM', 'COLD', 'P50 ms', 'P95 ms'];
    TITLES.push('P99 ms', 'MEM PEAK MB', 'HEADROOM', 'COST/h', 'COST', 'PRICED');
    const long = ROWS.map((r) => ({ ...r, functionName: `${r.functionName}-of-a-stack-with-a-long-name` }));
    const running = [...ROWS, row({ requestId: 'r1', functionName: 'orders-api', live: true })];
    for (const rows of [ROWS, long, running]) {
      const titles = (width: number) => {
        const header = ` ${drawn(width, rows)[0] ?? ''} `;
        return TITLES.filter((title) => header.includes(` ${title} `));
      };
      let narrower = titles(40);
      for (let width = 41; width <= 200; width++) {
        const shown = titles(width);
        for (const title of narrower) expect(shown, `${title} at ${width - 1} and ${width}`).toContain(title);
        narrower = shown;
      }
    }
  });

  it('at 50 columns: a long FUNCTION narrows, names cut in the middle, rather than COST go', () => {
    const long = ROWS.map((r) =>
      r.functionName === 'orders-api' ? { ...r, functionName: 'orders-api-production-handler' } : r,
    );
    expect(drawn(50, long)).toEqual([
      'FUNCTION                 INVOKED FAILED       COST',
      'orders-api-…ion-handler        3    33%  $0.000009',
      'payments-webhook               2    50%        >$0',
      'billing                        1   100%  $0.000001',
    ]);
  });

  it('measures FUNCTION in the columns a name is drawn in: wide characters take two', () => {
    const wide = ROWS.map((r) =>
      r.functionName === 'billing' ? { ...r, functionName: '請求書-送信-sender' } : r,
    );
    expect(drawn(60, wide)).toEqual([
      'FUNCTION            INVOKED FAILED   P95 ms       COST',
      'orders-api                3    33%     3000  $0.000009',
      'payments-webhook          2    50%     1500        >$0',
      '請求書-送信-sender        1   100%      250  $0.000001',
    ]);
  });

  it('keeps INVOKED, FAILED and COST on lines no wider than the terminal, down to 40 columns', () => {
    const long = ROWS.map((r) => ({ ...r, functionName: `${r.functionName}-of-a-stack-with-a-long-name` }));
    for (const rows of [ROWS, long])
      for (let width = 40; width <= 160; width++) {
        const [header = '', ...lines] = drawn(width, rows);
        expect(header).toMatch(/ INVOKED( RUNNING)? FAILED .* COST( |$)/);
        for (const line of [header, ...lines]) expect(line.length).toBeLessThanOrEqual(width);
      }
  });

  it('lays both tables out alike when the rows on screen are of fewer functions than since the start', () => {
    const billing = ROWS.filter((r) => r.functionName === 'billing');
    const lines = summaryLines(summarizeRows(billing), summarizeRows(ROWS), 60, 'On screen', UNICODE_GLYPHS);
    expect(summaryScreen(lines, 0, lines.length).map(lineText)).toEqual([
      'On screen',
      'FUNCTION          INVOKED FAILED   COLD   P95 ms       COST',
      'billing                 1   100%   100%      250  $0.000001',
      '',
      'Since start (every completed invocation)',
      'FUNCTION          INVOKED FAILED   COLD   P95 ms       COST',
      'orders-api              3    33%    33%     3000  $0.000009',
      'payments-webhook        2    50%     0%     1500        >$0',
      'billing                 1   100%   100%      250  $0.000001',
    ]);
  });
});

describe('the cost of a function not all of whose invocations were priced', () => {
  /** payments-webhook: one invocation priced, one not (its region unknown). */
  const PARTLY = ROWS.map((r) => (r.requestId === 'b1' ? { ...r, costUsd: 0.0000213 } : r));
  const table = (width: number, glyphs = UNICODE_GLYPHS): string[] => {
    const health = summarizeRows(PARTLY);
    const lines = summaryLines(health, health, width, 'On screen', glyphs);
    return summaryScreen(lines, 1, health.length + 1).map(lineText);
  };

  it('reads as at least that, COST and COST/h, whether PRICED is shown or not', () => {
    expect(table(120)[2]).toBe(
      'payments-webhook        2    50%     0%     0%     41.2     1500     120/128       6% ≥$0.000044 ≥$0.000021     50%',
    );
    expect(table(60)[2]).toBe('payments-webhook        2    50%     0%     1500 ≥$0.000021');
    expect(table(40)[2]).toBe('paymen…ebhook        2    50% ≥$0.000021');
    // Every function priced whole reads as before.
    expect(table(60)[1]).toBe('orders-api              3    33%    33%     3000  $0.000009');
  });

  it('at every width from 40 to 160, COST of the function partly priced says so, and no other does', () => {
    for (let width = 40; width <= 160; width++) {
      const [header = '', ...rows] = table(width);
      const end = header.search(/COST(?!\/)/) + 4;
      expect(rows.map((line) => line.slice(end - 10, end).trim())).toEqual([
        '$0.000009',
        '≥$0.000021',
        '$0.000001',
      ]);
    }
  });

  it('with ASCII glyphs says >=, the column widened to hold it whole', () => {
    expect(table(60, ASCII_GLYPHS)).toEqual([
      'FUNCTION          INVOKED FAILED   COLD   P95 ms        COST',
      'orders-api              3    33%    33%     3000   $0.000009',
      'payments-webhook        2    50%     0%     1500 >=$0.000021',
      'billing                 1   100%   100%      250   $0.000001',
    ]);
  });

  it('PRICED and the rates of some but not all never read 100%', () => {
    const many = Array.from({ length: 646 }, (_, i) =>
      row({
        requestId: `m${i}`,
        functionName: 'orders-api',
        status: i === 0 ? 'success' : 'error',
        costUsd: i === 1 ? null : 0.0000021,
      }),
    );
    const health = summarizeRows(many);
    const lines = summaryLines(health, health, 160, 'On screen', UNICODE_GLYPHS);
    // 645 of 646 failed and were priced: 99.8%, where rounding said 100%.
    expect(summaryScreen(lines, 1, 2).map(lineText)).toEqual([
      'FUNCTION    INVOKED RUNNING FAILED  ERROR TIMEOUT    OOM   COLD   P50 ms   P95 ms   P99 ms MEM PEAK MB HEADROOM     COST/h       COST  PRICED',
      'orders-api      646          99.8%  99.8%      0%     0%     0%      100      100      100      50/128      61%          - ≥$0.001355   99.8%',
    ]);
  });

  it('too small for six decimals, is more than nothing: >$0, not "at least less than $0.000001"', () => {
    const tiny = summarizeRows(ROWS);
    const lines = summaryLines(tiny, tiny, 60, 'On screen', ASCII_GLYPHS);
    expect(lineText(summaryScreen(lines, 3, 1)[0] ?? [])).toBe(
      'payments-webhook        2    50%     0%     1500        >$0',
    );
  });
});
