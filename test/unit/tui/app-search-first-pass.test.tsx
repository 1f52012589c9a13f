/**
 * A regular expression's first search over rows whose lines are not yet on the pattern
 * thread goes through them a copy budget at a time (thread-rows.ts): the title says it is
 * still searching and counts what it found so far, and the screen asks again on the next
 * publishes, paused or not, until every row has its answer. The store, the thread and the
 * App are real; the copy's clock moves a millisecond each time it is read, so a pass copies
 * 39 rows.
 */
import { describe, expect, it } from 'vitest';
import { copyGeneration, threadReady } from '../../../cli/tui/pattern-thread.ts';
import { createThreadRows } from '../../../cli/tui/thread-rows.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { press, renderApp, settle, storeOf, waitForFrame } from './helpers.tsx';

const uuid = (n: number): string => `${n.toString(16).padStart(8, '0')}-3333-4333-8333-333333333333`;
const T0 = Date.UTC(2026, 0, 1);

/** 300 invocations of one function, each with the line `order N paid`. */
function invocations(): LogEvent[] {
  return Array.from({ length: 300 }, (_, n) => {
    const id = uuid(n);
    const t = T0 + n * 1000;
    const at = (offset: number, message: string): LogEvent => ({
      timestamp: t + offset,
      message,
      logGroup: '/aws/lambda/orders',
      logStream: `2026/01/01/[$LATEST]${n % 3}`,
    });
    return [
      at(0, `START RequestId: ${id} Version: $LATEST\n`),
      at(1, `${new Date(t + 1).toISOString()}\t${id}\tINFO\torder ${n} paid\n`),
      at(50, `END RequestId: ${id}\n`),
      at(
        51,
        `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
      ),
    ];
  }).flat();
}

describe('a regular expression’s first search, its rows copied to its thread a slice at a time', () => {
  it('says it is searching until every row is asked, and finishes while the screen is paused', async () => {
    copyGeneration();
    while (!threadReady()) await settle(5);
    let ms = 0;
    const threadRows = createThreadRows(() => ms++);
    const { stdin, lastFrame, unmount } = renderApp(storeOf(invocations(), { threadRows }));
    await settle();
    await press(stdin, 'p', '/');
    // Typed at once, before a publish could copy anything while the prompt was open.
    stdin.write('/order \\d*7 paid/');
    await press(stdin, '\r');
    const title = (frame: string): string => frame.split('\n')[0] ?? '';
    const first = await waitForFrame(lastFrame, (f) => title(f).includes('search: /order'));
    expect(title(first)).toMatch(/search: \/order \\d\*7 paid\/ \(searching, \d+ invocations so far\)/);
    const done = await waitForFrame(lastFrame, (f) => title(f).includes('(30 invocations)'));
    expect(title(done)).toBe(
      'lambdalens tail · invocations · search: /order \\d*7 paid/ (30 invocations) · following · PAUSED',
    );
    unmount();
  });
});
