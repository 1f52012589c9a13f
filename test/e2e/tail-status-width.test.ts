/**
 * `lambdalens tail`'s money line in a real terminal on the example month (2,163 invocations,
 * more than the ring's 2,000, some not priced): rows dropped, failures and the total cost
 * stay at 50 columns, and the total says it is partial; wide, each function's cost says it
 * is partial where the summary's COST does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, TAIL } from './tail-fixtures.ts';
import { openSession, type TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

/** The second status line: the one above the footer. */
const moneyLine = (screen: string): string => screen.replace(/\n$/, '').split('\n').at(-2) ?? '';

describe("lambdalens tail's status bar on a narrow terminal", () => {
  it('keeps rows dropped, failures and the total cost at 50 columns, the total marked partial', async () => {
    session = openSession(`${TAIL} examples/data/logs`, ROOT, { width: 50, height: 12 });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended'), 30_000);
    const at50 = await tty.waitFor((s) => moneyLine(s).startsWith('dropped 163'));
    expect(moneyLine(at50)).toBe('dropped 163 · 89 failed · cost ≥$0.2131');
    tty.resize(80, 12);
    const at80 = await tty.waitFor((s) => moneyLine(s).startsWith('shown'));
    expect(moneyLine(at80)).toBe(
      'shown 2000 of 2000 · dropped 163 · 89 failed · 2156/2163 priced · cost ≥$0.2131',
    );
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000)).toMatch(/^EXITED 0$/m);
  });

  it("marks each function's cost partial where the summary's COST does: image-resizer ≥$0.0202", async () => {
    session = openSession(`${TAIL} examples/data/logs`, ROOT, { width: 250, height: 30 });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended'), 30_000);
    const list = await tty.waitFor((s) => moneyLine(s).includes('cost ≥$0.2131 ('));
    expect(moneyLine(list)).toContain(
      'cost ≥$0.2131 (etl-nightly $0.1156  report-builder ≥$0.0687  image-resizer ≥$0.0202  payments-webhook $0.006262  +2 more)',
    );
    tty.keys('Tab');
    const summary = await tty.waitFor((s) => s.includes('Since start'));
    const since = summary.slice(summary.indexOf('Since start'));
    const costOf = (fn: string) => new RegExp(`^${fn} .* (\\S+) +\\S+$`, 'm').exec(since)?.[1];
    expect([
      costOf('etl-nightly'),
      costOf('report-builder'),
      costOf('image-resizer'),
      costOf('payments-webhook'),
    ]).toEqual(['$0.1156', '≥$0.0687', '≥$0.0202', '$0.006262']);
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000)).toMatch(/^EXITED 0$/m);
  });
});
