/**
 * tail's two status lines laid out for the terminal's width: everything they have to say
 * when there is room (every function's cost, not the first three), the least needed giving
 * way first when there is not, and the words quoted (a path, a failure) cut short before
 * they go. What went wrong, what was lost and what it cost stay at every width.
 */
import { describe, expect, it } from 'vitest';
import { statusLines } from '../../../cli/tui/chrome-lines.ts';
import { createCostFn } from '../../../cli/tui/cost.ts';
import { UNICODE_GLYPHS } from '../../../cli/tui/glyphs.ts';
import { lineText } from '../../../cli/tui/paint.ts';
import type { TailStore } from '../../../cli/tui/store.ts';
import { cellWidth } from '../../../collectors/kernel/index.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { AWS_LIST_PRICES } from '../../../pricing/index.ts';
import { storeOf } from './helpers.tsx';

const FUNCTIONS = ['checkout-eu', 'payments-eu', 'orders-eu', 'reports-eu', 'mailer-eu'];

/** `count` invocations of 13 ms at 128 MB for each function, priced in us-east-1 with x86_64 assumed. */
function pricedStore(count: (fn: number) => number): TailStore {
  const events: LogEvent[] = [];
  const t = Date.UTC(2026, 11, 7, 1);
  FUNCTIONS.forEach((fn, f) => {
    for (let i = 0; i < count(f); i++) {
      const id = `${String(f).padStart(8, '0')}-1111-4111-8111-${String(i).padStart(12, '0')}`;
      const at = t + f * 1000 + i * 100;
      for (const [n, message] of [
        `START RequestId: ${id} Version: $LATEST\n`,
        `END RequestId: ${id}\n`,
        `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
      ].entries())
        events.push({ timestamp: at + n, message, logGroup: `/aws/lambda/${fn}`, logStream: 's' });
    }
  });
  return storeOf(events, {
    // One instant for the whole test: the rate counts whole seconds of the wall clock, and
    // events read just before a second turned were 15 ev/s on the next one.
    now: () => t,
    cost: createCostFn(
      AWS_LIST_PRICES,
      new Map(),
      { region: 'us-east-1', architecture: 'x86_64' },
      { architectureAssumed: true, regionFrom: 'AWS_REGION' },
    ),
  });
}

function linesAt(store: TailStore, width: number): [string, string] {
  const [first, second] = statusLines({
    snapshot: store.snapshot(),
    shown: store.snapshot().rows.length,
    paused: false,
    pendingWhilePaused: 0,
    glyphs: UNICODE_GLYPHS,
    width,
  });
  return [lineText(first), lineText(second)];
}

describe("tail's status lines at the terminal's width", () => {
  // Costs differ by function (5, 4, 3, 2 and 1 invocations), so their order is known.
  const store = pricedStore((f) => 5 - f);

  it('say every function’s cost when there is room, and how many more when there is not', () => {
    const wide = linesAt(store, 300)[1];
    expect(wide).toBe(
      'shown 15 of 15 · dropped 0 · 15 invocations · 0 failed · priced 15 of 15 (Region us-east-1 from AWS_REGION, x86_64 assumed) · ' +
        'cost $0.000003 (checkout-eu $0.000001  payments-eu $0.000001  orders-eu $0.000001  reports-eu <$0.000001  mailer-eu <$0.000001)',
    );
    const at160 = linesAt(store, 160)[1];
    expect(at160).toBe(
      'shown 15 of 15 · 15 invocations · priced 15 of 15 (Region us-east-1 from AWS_REGION, x86_64 assumed) · ' +
        'cost $0.000003 (checkout-eu $0.000001  +4 more)',
    );
    expect(cellWidth(at160)).toBeLessThanOrEqual(160);
  });

  it('gives way down to 50 columns, the total cost kept', () => {
    // What the price assumed and which function cost what go first; what went and would
    // fit again (the failures) comes back.
    expect(linesAt(store, 80)).toEqual([
      '0 ev/s · 45 events · lag - · input ended',
      'shown 15 of 15 · 15 invocations · 0 failed · priced 15 of 15 · cost $0.000003',
    ]);
    expect(linesAt(store, 50)[1]).toBe('shown 15 of 15 · priced 15 of 15 · cost $0.000003');
    for (const width of [160, 120, 80, 60, 50])
      for (const line of linesAt(store, width)) expect(cellWidth(line)).toBeLessThanOrEqual(width);
  });

  it('cuts a quoted input problem or failure short, and keeps the counts and the state beside it', () => {
    const failing = pricedStore(() => 1);
    const path = '/data/exports/2026-12-06/orders-api-production-eu-central-1/part-0001.log';
    failing.setSource({
      problems: { errors: 1, warnings: 0, latest: `${path}: EACCES: permission denied` },
      failure: 'AccessDeniedException: User is not authorized to perform logs:FilterLogEvents on the group',
    });
    const [first] = linesAt(failing, 100);
    expect(first).toBe(
      '! input: 1 unreadable, 0 warnings (/data/exports/2026-12-06/orders-api-pro…) · 0 ev/s · input failed',
    );
    expect(cellWidth(first)).toBe(100);
    expect(linesAt(failing, 60)[0]).toBe('! input: 1 unreadable, 0 warnings · 0 ev/s · input failed');
    // With room, every word of them.
    expect(linesAt(failing, 300)[0]).toBe(
      `! input: 1 unreadable, 0 warnings (${path}: EACCES: permission denied) · 0 ev/s · 15 events · lag - · input failed: AccessDeniedException: User is not authorized to perform logs:FilterLogEvents on the group`,
    );
  });

  it('keeps rows dropped, failures and the total cost down to 50 columns with counts in the thousands', () => {
    // 2,163 invocations of five functions, a ring of 2,000 (163 dropped), every 25th
    // failed, every 300th let go without its REPORT (not priced): the total is partial.
    const events: LogEvent[] = [];
    const t = Date.UTC(2026, 11, 7, 1);
    for (let i = 0; i < 2163; i++) {
      const fn = FUNCTIONS[i % FUNCTIONS.length] ?? '';
      const id = `${String(i % FUNCTIONS.length).padStart(8, '0')}-2222-4222-8222-${String(i).padStart(12, '0')}`;
      const status = i % 25 === 0 ? '\tStatus: error\tError Type: Runtime.ExitError' : '';
      const messages = [`START RequestId: ${id} Version: $LATEST\n`];
      if (i % 300 !== 299)
        messages.push(
          `END RequestId: ${id}\n`,
          `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 1024 MB\tMax Memory Used: 40 MB${status}\t\n`,
        );
      for (const [n, message] of messages.entries())
        events.push({
          timestamp: t + i * 10 + n,
          message,
          logGroup: `/aws/lambda/${fn}`,
          logStream: `s-${fn}`,
        });
    }
    const busy = storeOf(events, {
      maxInvocations: 2000,
      cost: createCostFn(AWS_LIST_PRICES, new Map(), { region: 'us-east-1', architecture: 'x86_64' }, {}),
    });
    expect(linesAt(busy, 160)[1]).toBe(
      'shown 2000 of 2000 · dropped 163 · 2163 invocations · 87 failed · priced 2156 of 2163 (no REPORT line) · cost ≥$0.000898 (checkout-eu $0.000180  +4 more)',
    );
    expect(linesAt(busy, 100)[1]).toBe(
      'shown 2000 of 2000 · dropped 163 · 87 failed · priced 2156 of 2163 (no REPORT li…) · cost ≥$0.000898',
    );
    expect(linesAt(busy, 80)[1]).toBe('shown 2000 of 2000 · dropped 163 · 87 failed · cost ≥$0.000898');
    expect(linesAt(busy, 60)[1]).toBe('2000/2000 shown · dropped 163 · 87 failed · cost ≥$0.000898');
    expect(linesAt(busy, 50)[1]).toBe('dropped 163 · 87 failed · cost ≥$0.000898');
    for (let width = 50; width <= 160; width++)
      expect(cellWidth(linesAt(busy, width)[1]), `at ${width}`).toBeLessThanOrEqual(width);
  });
});
