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
