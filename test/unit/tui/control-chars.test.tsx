import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../collectors/model.ts';
import { press, renderApp, settle, storeOf, waitForFrame } from './helpers.tsx';

// Names CloudWatch and file systems allow: each holds a title change (OSC 0) and a colour.
const STREAM = 'evil\u001B]0;PWNED-TITLE\u0007\u001B[41mRED';
const FUNCTION = 'fn\u001B]0;FILE-TITLE\u0007\u001B[44mX';
const STREAM_SHOWN = 'evil^[]0;PWNED-TITLE^G^[[41mRED';
const FUNCTION_SHOWN = 'fn^[]0;FILE-TITLE^G^[[44mX';
const ID = '0000000a-aaaa-4bbb-8ccc-000000000001';

function events(): LogEvent[] {
  const t = Date.UTC(2026, 9, 1, 12);
  const event = (offset: number, message: string) =>
    ({ timestamp: t + offset, message, logGroup: `/aws/lambda/${FUNCTION}`, logStream: STREAM }) as LogEvent;
  return [
    event(0, `START RequestId: ${ID} Version: $LATEST\n`),
    event(1, `${new Date(t + 1).toISOString()}\t${ID}\tINFO\tworking\n`),
    event(2, `END RequestId: ${ID}\n`),
    event(
      3,
      `REPORT RequestId: ${ID}\tDuration: 2.50 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
    ),
  ];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the console links' own OSC 8 sequences
const LINKS = /\u001B]8;;[^\u0007]*\u0007/g;

/** No control character from the data reaches the frame (chalk draws no colour in tests). */
function expectNothingSent(frame: string): void {
  const drawn = frame.replace(LINKS, '');
  expect(drawn).not.toContain('\u001B');
  expect(drawn).not.toContain('\u0007');
}

describe('control characters in names', () => {
  it('are shown as ^X in the list, keeping the columns in line', async () => {
    const { lastFrame, unmount } = renderApp(storeOf(events()), 160, 20);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('shown 1 of 1'));
    expectNothingSent(frame);
    const lines = frame.split('\n');
    const header = lines.find((l) => l.includes('FUNCTION')) ?? '';
    const row = lines.find((l) => l.includes(ID)) ?? '';
    expect(row).toContain(FUNCTION_SHOWN);
    expect(row.indexOf('√ ok')).toBe(header.indexOf('STATUS'));
    expect(row.indexOf(ID)).toBe(header.indexOf('REQUEST ID'));
    unmount();
  });

  it('are shown as ^X in the detail header, the summary and the status bar', async () => {
    const { lastFrame, stdin, unmount } = renderApp(storeOf(events()), 160, 30);
    await settle();
    await press(stdin, '\r');
    const detail = await waitForFrame(lastFrame, (f) => f.includes('· invocation\n'));
    expectNothingSent(detail);
    expect(detail).toContain(`/aws/lambda/${FUNCTION_SHOWN}  ${STREAM_SHOWN}`);
    expect(detail).toContain(`  ${FUNCTION_SHOWN} ($LATEST)  ${ID}`);
    await press(stdin, '\t');
    const summary = await waitForFrame(lastFrame, (f) => f.includes('Since start'));
    expectNothingSent(summary);
    expect(summary).toContain(FUNCTION_SHOWN);
    unmount();
  });

  it('are shown as ^X wherever a line is painted, whatever laid it out', async () => {
    const store = storeOf(events());
    store.setSource({ problems: { errors: 1, warnings: 0, latest: `${STREAM}.log: unreadable` } });
    store.publish();
    const { lastFrame, unmount } = renderApp(store, 160, 20);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('unreadable'));
    expectNothingSent(frame);
    expect(frame).toContain(`(${STREAM_SHOWN}.log: unreadable)`);
    unmount();
  });
});
