import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App } from '../../../cli/tui/components/app.tsx';
import { fixtureEvents, settle, storeOf } from './helpers.ts';

const ESC = '\u001B';
const DOWN = '\u001B[B';
const UP = '\u001B[A';

async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await settle(20);
  }
}

describe('App', () => {
  it('lists every invocation with its status, cold mark and metrics', async () => {
    const store = storeOf(fixtureEvents());
    const { lastFrame, unmount } = render(<App store={store} onQuit={() => {}} width={160} height={20} />);
    await settle();
    const frame = lastFrame() ?? '';
    const rows = frame.split('\n').filter((l) => /\d\d:\d\d:\d\d\.\d{3}/.test(l));
    expect(rows).toHaveLength(8);
    expect(rows[2]).toMatch(/orders\s+⧗ timeout ❄\s+300\.1s\s+300\.0s\s+28\/128MB/);
    expect(rows[3]).toMatch(/billing\s+▲ oom\s+24\.8s/);
    expect(frame).toContain('shown 8 of 8 · dropped 0 · 8 invocations');
    unmount();
  });

  it('moves with k and opens the timed-out invocation with Enter, Esc goes back', async () => {
    const store = storeOf(fixtureEvents());
    const { lastFrame, stdin, unmount } = render(
      <App store={store} onQuit={() => {}} width={160} height={40} />,
    );
    await settle();
    await press(stdin, 'k', 'k', 'k', UP, UP, '\r');
    const detail = lastFrame() ?? '';
    expect(detail).toContain('⧗ timeout');
    expect(detail).toContain('dbb585bb-3a54-4d1a-a690-54e5085c55f8');
    expect(detail).toContain('Task timed out after 300.10 seconds');
    expect(detail).toContain('Duration 300.1s');
    await press(stdin, ESC);
    expect(lastFrame()).toContain('shown 8 of 8');
    await press(stdin, DOWN);
    unmount();
  });
});
