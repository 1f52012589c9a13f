/**
 * `lambdalens tail`'s summary (Tab) in a real terminal as it is made narrower: whole columns
 * give way, the least needed first, and the money spent (COST) stays down to 50 columns;
 * the table of the rows listed and the one since the start share their columns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE, ROOT, TAIL } from './tail-fixtures.ts';
import { openSession, type TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

/** The first table's header and rows: the four functions of the fixture. */
const firstTable = (screen: string): string[] => screen.split('\n').slice(2, 7);

describe('lambdalens tail summary', () => {
  it('keeps COST as the terminal narrows from 120 to 50 columns, COST/h going before it', async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { width: 120, height: 30 });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended'), 30_000);
    tty.keys('Tab');
    const expected: Record<number, string[]> = {
      120: [
        'FUNCTION     INVOKED FAILED TIMEOUT    OOM   COLD   P50 ms   P95 ms MEM PEAK MB HEADROOM     COST/h       COST  PRICED',
        'billing            3   100%     33%    33%    67%     3017    24793     129/128       0%          -  $0.000059    100%',
        'orders             3    33%     33%     0%    67%      666   300100      54/128      58%  $0.007511  $0.000627    100%',
        'random-name        1     0%      0%     0%   100%     1740     1740      88/256      66%          -  $0.000007    100%',
        'reports            1     0%      0%     0%   100%      147      147      91/512      82%          -  $0.000002    100%',
      ],
      80: [
        'FUNCTION     INVOKED FAILED   COLD   P95 ms HEADROOM     COST/h       COST',
        'billing            3   100%    67%    24793       0%          -  $0.000059',
        'orders             3    33%    67%   300100      58%  $0.007511  $0.000627',
        'random-name        1     0%   100%     1740      66%          -  $0.000007',
        'reports            1     0%   100%      147      82%          -  $0.000002',
      ],
      60: [
        'FUNCTION     INVOKED FAILED   COLD   P95 ms       COST',
        'billing            3   100%    67%    24793  $0.000059',
        'orders             3    33%    67%   300100  $0.000627',
        'random-name        1     0%   100%     1740  $0.000007',
        'reports            1     0%   100%      147  $0.000002',
      ],
      50: [
        'FUNCTION     INVOKED FAILED   P95 ms       COST',
        'billing            3   100%    24793  $0.000059',
        'orders             3    33%   300100  $0.000627',
        'random-name        1     0%     1740  $0.000007',
        'reports            1     0%      147  $0.000002',
      ],
    };
    for (const width of [120, 80, 60, 50]) {
      tty.resize(width, 30);
      const want = expected[width] ?? [];
      // A frame reaches tmux in pieces: wait for the header of this width, then read the table.
      const screen = await tty.waitFor((s) => firstTable(s)[0] === want[0] && firstTable(s)[4] === want[4]);
      expect(firstTable(screen)).toEqual(want);
      expect(screen.split('\n').every((line) => line.length <= width)).toBe(true);
    }
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000)).toMatch(/^EXITED 0$/m);
  });

  it('says the cost of a function not all of whose invocations were priced is at least that, PRICED shown or not', async () => {
    // The example month: 7 of its invocations have no REPORT line, so no price: some of
    // image-resizer's, report-builder's, orders-api's and notifier's.
    session = openSession(`${TAIL} examples/data/logs`, ROOT, { width: 120, height: 30 });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended'), 30_000);
    tty.keys('Tab');
    const row = (screen: string, fn: string): string =>
      screen.split('\n').find((line) => line.startsWith(`${fn} `)) ?? '';
    const at120 = await tty.waitFor((s) => row(s, 'image-resizer').endsWith('99%'));
    expect(row(at120, 'image-resizer')).toBe(
      'image-resizer         217   4.6%   1.4%   4.6%     2581     4693   2048/2048       0% ≥$0.000035   ≥$0.0202     99%',
    );
    // Not all of orders-api's were priced either: PRICED, which rounded 99.6% to 100%, says so.
    expect(row(at120, 'orders-api')).toBe(
      'orders-api            646   5.1%     0%   1.9%      231      414     120/512      77% ≥$0.000003 ≥$0.001612   99.6%',
    );
    expect(row(at120, 'payments-webhook')).toBe(
      'payments-webhook      374   1.1%     0%   2.7%      515      888    203/1024      80%  $0.000010  $0.006262    100%',
    );
    tty.resize(80, 30);
    const at80 = await tty.waitFor((s) => row(s, 'image-resizer').endsWith('$0.0202'));
    expect(row(at80, 'image-resizer')).toBe(
      'image-resizer         217   4.6%   4.6%     4693       0% ≥$0.000035   ≥$0.0202',
    );
    expect(row(at80, 'report-builder')).toBe(
      'report-builder         75   9.3%   8.0%    24311       0% ≥$0.000143   ≥$0.0687',
    );
    expect(row(at80, 'etl-nightly')).toBe(
      'etl-nightly           133   8.3%   6.0%    47750       0%  $0.000207    $0.1156',
    );
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000)).toMatch(/^EXITED 0$/m);
  });

  it('keeps a column shown as the window widens: OOM, PRICED and HEADROOM do not take turns at 61, 62 and 63 columns', async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { width: 60, height: 30 });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended'), 30_000);
    tty.keys('Tab');
    const header = (s: string) => firstTable(s)[0] ?? '';
    const narrow = 'FUNCTION     INVOKED FAILED   COLD   P95 ms       COST';
    const expected: Record<number, string> = {
      60: narrow,
      61: narrow,
      62: narrow,
      63: narrow,
      74: 'FUNCTION     INVOKED FAILED   COLD   P95 ms HEADROOM     COST/h       COST',
    };
    for (const width of [60, 61, 62, 63, 74]) {
      tty.resize(width, 30);
      // The same header as the width before: give the frame of this width time to be drawn.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const screen = await tty.waitFor((s) => header(s) === expected[width]);
      expect(header(screen)).toBe(expected[width]);
    }
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000)).toMatch(/^EXITED 0$/m);
  });

  it('lays out the table of the rows a filter lists as the table since the start, column for column', async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { width: 60, height: 24 });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended'), 30_000);
    tty.keys('f');
    await tty.waitFor((s) => s.includes('filter:'));
    tty.type('fn:billing');
    tty.keys('Enter');
    await tty.waitFor((s) => s.includes('shown 3 of 8'));
    tty.keys('Tab');
    const screen = await tty.waitFor((s) => s.includes('reports  '));
    expect(screen.split('\n').slice(1, 11)).toEqual([
      'On screen: 3 invocations, filter fn:billing',
      'FUNCTION     INVOKED FAILED   COLD   P95 ms       COST',
      'billing            3   100%    67%    24793  $0.000059',
      '',
      'Since start (every completed invocation)',
      'FUNCTION     INVOKED FAILED   COLD   P95 ms       COST',
      'billing            3   100%    67%    24793  $0.000059',
      'orders             3    33%    67%   300100  $0.000627',
      'random-name        1     0%   100%     1740  $0.000007',
      'reports            1     0%   100%      147  $0.000002',
    ]);
  });
});
