import { describe, expect, it } from 'vitest';
import { UNICODE_GLYPHS } from '../../../cli/tui/glyphs.ts';
import { helpLines } from '../../../cli/tui/help.ts';
import { INITIAL_UI_STATE, uiReducer } from '../../../cli/tui/ui-state.ts';
import { fixtureEvents, press, renderApp, settle, storeOf, waitForFrame } from './helpers.tsx';

const ESC = '\u001B';
const CTRL_U = '\u0015';
const title = (frame: string) => frame.split('\n')[0] ?? '';
const footer = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('the filter prompt', () => {
  it('adds what is typed to the current filter as a new term, not glued onto its last one', async () => {
    const { lastFrame, stdin, unmount } = renderApp(storeOf(fixtureEvents()), 160, 30);
    await settle();
    await press(stdin, 'f', 'fn:bill', '\r');
    await waitForFrame(lastFrame, (f) => f.includes('shown 3 of 8'));
    await press(stdin, 'f', 'min:20000', '\r');
    const both = await waitForFrame(lastFrame, (f) => f.includes('shown 1 of 8'));
    expect(title(both)).toBe('lambdalens tail · invocations · filter: fn:bill min:20000ms · following');
    unmount();
  });

  it('opens with the current filter followed by a space', () => {
    const set = uiReducer(uiReducer(INITIAL_UI_STATE, { type: 'prompt-open', kind: 'filter' }), {
      type: 'prompt-input',
      text: 'fn:bill',
    });
    const again = uiReducer(uiReducer(set, { type: 'prompt-submit' }), {
      type: 'prompt-open',
      kind: 'filter',
    });
    expect(again.prompt).toEqual({ kind: 'filter', text: 'fn:bill ' });
    expect(uiReducer(INITIAL_UI_STATE, { type: 'prompt-open', kind: 'filter' }).prompt?.text).toBe('');
  });

  it('flags a function term no function name contains, and shows an unknown key as an error', async () => {
    const { lastFrame, stdin, unmount } = renderApp(storeOf(fixtureEvents()), 160, 30);
    await settle();
    await press(stdin, 'f', 'fn:billmin:100', '\r');
    const none = await waitForFrame(lastFrame, (f) => f.includes('shown 0 of 8'));
    expect(title(none)).toBe(
      'lambdalens tail · invocations · filter: fn:billmin:100 · following · ! fn:billmin:100 matches no function',
    );
    expect(none).toContain('No invocation matches the filter or search (Esc clears them).');
    await press(stdin, 'f', CTRL_U, 'region:eu', '\r');
    const unknown = await waitForFrame(lastFrame, (f) => footer(f).includes('unknown'));
    expect(footer(unknown)).toBe('unknown filter "region:" (fn:, status:, cold, min:)');
    await press(stdin, 'f', CTRL_U, 'min', '\r');
    const bare = await waitForFrame(lastFrame, (f) => footer(f).includes('needs a value'));
    expect(footer(bare)).toBe('"min" needs a value (min:MS)');
    unmount();
  });

  it('Esc in the list clears the filter and the search alike, and says so', async () => {
    const { lastFrame, stdin, unmount } = renderApp(storeOf(fixtureEvents()), 160, 30);
    await settle();
    await press(stdin, 'f', 'errors', '\r', '/', 'billing', '\r');
    await waitForFrame(lastFrame, (f) => f.includes('shown 3 of 8'));
    // Esc in a prompt cancels it for either, leaving what was set
    await press(stdin, 'f', 'cold', ESC);
    await waitForFrame(lastFrame, (f) => !f.includes('filter: errors cold'));
    await press(stdin, ESC);
    const cleared = await waitForFrame(lastFrame, (f) => f.includes('shown 8 of 8'));
    expect(title(cleared)).toBe('lambdalens tail · invocations · following');
    expect(footer(cleared)).toBe('cleared filter errors and search billing');
    unmount();
  });

  it('help says how terms add up, how to clear a filter, and what Esc clears', () => {
    const text = helpLines(UNICODE_GLYPHS, 200)
      .map((l) => ('keys' in l ? `${l.keys.trim()} ${l.text}` : l.text))
      .join('\n');
    expect(text).toContain(
      'opens with the current filter and a space: what you type is added (a key given again replaces its value)',
    );
    expect(text).toContain(
      'Ctrl-U in a prompt, empty the line; Enter on an empty line clears that filter or search',
    );
    expect(text).toContain(
      'Esc in a prompt, cancel (the filter or search stays); in the list, clear the filter and the search; elsewhere, back',
    );
  });
});
