import { describe, expect, it } from 'vitest';
import { fixtureEvents, press, renderApp, settle, storeOf, waitForFrame } from './helpers.tsx';

const ESC = '\u001B';
const UP = '\u001B[A';
const TAB = '\t';
const rowsOf = (frame: string) => frame.split('\n').filter((l) => /^[› ][■ ] \d\d:\d\d:\d\d\.\d{3}/.test(l));

describe('App', () => {
  it('lists every invocation in start-time order with its status, cold mark and metrics', async () => {
    const { lastFrame, unmount } = renderApp(storeOf(fixtureEvents()), 160, 20);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('shown 8 of 8'));
    const rows = rowsOf(frame);
    expect(rows).toHaveLength(8);
    expect(rows[2]).toMatch(/orders\s+◊ timeout \*\s+300099\.78\s+300000\s+28\/128/);
    expect(rows[3]).toMatch(/billing\s+▲ oom\s+24792\.85/);
    expect(frame).toContain('shown 8 of 8 · dropped 0 · 8 invocations · 4 failed · priced 0 of 8');
    unmount();
  });

  it('moves with k and opens the timed-out invocation with Enter, Esc goes back', async () => {
    const { lastFrame, stdin, unmount } = renderApp(storeOf(fixtureEvents()), 160, 40);
    await settle();
    await press(stdin, 'k', 'k', 'k', UP, UP, '\r');
    const detail = await waitForFrame(lastFrame, (f) => f.includes('· invocation\n'));
    expect(detail).toContain('◊ timeout  orders ($LATEST)  dbb585bb-3a54-4d1a-a690-54e5085c55f8');
    expect(detail).toContain('Task timed out after 300.10 seconds');
    expect(detail).toContain('Duration 300099.78 ms   Billed 300000 ms   Memory 128 MB   Max used 28 MB');
    await press(stdin, ESC);
    await waitForFrame(lastFrame, (f) => f.includes('· invocations') && f.includes('shown 8 of 8'));
    unmount();
  });

  it('shows per-function health with Tab: on screen and since start', async () => {
    const { lastFrame, stdin, unmount } = renderApp(storeOf(fixtureEvents()), 160, 30);
    await settle();
    await press(stdin, TAB);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('Since start'));
    expect(frame).toContain('On screen: 8 invocations');
    expect(frame).toContain('Since start (every completed invocation');
    const billing = frame.split('\n').filter((l) => l.startsWith('billing '));
    expect(billing).toHaveLength(2);
    // 3 invocations, all three failed (crash, oom, timeout), 2 of 3 cold
    expect(billing[0]).toMatch(/^billing\s+3\s+100%\s+33%\s+33%\s+33%\s+67%/);
    await press(stdin, TAB);
    await waitForFrame(lastFrame, (f) => f.includes('lambdalens tail · invocations'));
    unmount();
  });

  it('says "1 invocation" above the summary of one', async () => {
    const one = fixtureEvents().filter((e) => e.message.includes('ac086670-6373-11e7-a174-f31b3397f190'));
    const { lastFrame, stdin, unmount } = renderApp(storeOf(one), 160, 20);
    await settle();
    await press(stdin, TAB);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('Since start'));
    expect(frame.split('\n')[1]).toBe('On screen: 1 invocation');
    unmount();
  });

  it('scrolls the help at 80x16 so every binding can be read', async () => {
    const { lastFrame, stdin, unmount } = renderApp(storeOf(fixtureEvents()), 80, 16);
    await settle();
    await press(stdin, '?');
    const first = await waitForFrame(lastFrame, (f) => f.includes('· help'));
    expect(first.split('\n')).toHaveLength(16);
    expect(first).toContain('lines 1-11 of 37');
    for (const line of first.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const seen = new Set(first.split('\n'));
    for (;;) {
      const [, from, to, total] = /lines (\d+)-(\d+) of (\d+)/.exec(lastFrame() ?? '') ?? [];
      if (to === total) break;
      await press(stdin, ' ');
      const page = await waitForFrame(lastFrame, (f) => /lines (\d+)-/.exec(f)?.[1] !== from);
      for (const line of page.split('\n')) seen.add(line);
    }
    const all = [...seen].join('\n');
    expect(all).toMatch(/q {2}Ctrl-C +quit/);
    expect(all).toContain('Times are UTC; durations in ms, memory in MB, cost in USD.');
    unmount();
  });

  it('keys typed in one chunk after a filter act on the filtered list', async () => {
    const { lastFrame, stdin, unmount } = renderApp(storeOf(fixtureEvents()), 160, 40);
    await settle();
    // faster than frames: the whole burst arrives as one chunk
    stdin.write('fstatus:timeout\rg\r');
    const detail = await waitForFrame(lastFrame, (f) => f.includes('· invocation ·'));
    expect(detail).toContain('filter: status:timeout');
    expect(detail).toContain('◊ timeout  orders ($LATEST)  dbb585bb-3a54-4d1a-a690-54e5085c55f8');
    // the next invocation of the filtered list: the other timeout
    await press(stdin, ']');
    const next = await waitForFrame(lastFrame, (f) => !f.includes('dbb585bb-3a54'));
    expect(next).toMatch(/◊ timeout {2}billing/);
    unmount();
  });

  it('Enter typed in one chunk after a search opens the first match', async () => {
    const { lastFrame, stdin, unmount } = renderApp(storeOf(fixtureEvents()), 160, 40);
    await settle();
    stdin.write('/timed out\r\r');
    const detail = await waitForFrame(lastFrame, (f) => f.includes('· invocation ·'));
    expect(detail).toContain('search: timed out');
    expect(detail).toContain('dbb585bb-3a54-4d1a-a690-54e5085c55f8');
    unmount();
  });

  it('counts the search in the title as the rows listed, the filter applied too', async () => {
    const { lastFrame, stdin, unmount } = renderApp(storeOf(fixtureEvents()), 160, 40);
    await settle();
    // Every invocation says RequestId; two of them timed out.
    stdin.write('/RequestId\r');
    await waitForFrame(lastFrame, (f) => f.includes('search: RequestId (8 invocations)'));
    stdin.write('fstatus:timeout\r');
    const filtered = await waitForFrame(lastFrame, (f) => f.includes('filter: status:timeout'));
    expect(filtered).toContain('search: RequestId (2 invocations)');
    unmount();
  });

  it('copies the selected request ID through the host', async () => {
    const { stdin, host, lastFrame, unmount } = renderApp(storeOf(fixtureEvents()), 160, 20);
    await settle();
    await press(stdin, 'y');
    await waitForFrame(lastFrame, (f) =>
      f.includes('copied request ID: ac086670-6373-11e7-a174-f31b3397f190'),
    );
    expect(host.copied).toEqual(['ac086670-6373-11e7-a174-f31b3397f190']);
    unmount();
  });
});
