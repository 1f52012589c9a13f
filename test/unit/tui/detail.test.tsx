import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App } from '../../../cli/tui/components/app.tsx';
import { tracesFromBatchGetTraces } from '../../../cli/tui/waterfall.ts';
import { fixtureEvents, settle, storeOf, TRACES } from './helpers.ts';

/** Renders the app and opens the detail view of the first invocation (`g`, then Enter). */
async function openFirstInvocation(store: ReturnType<typeof storeOf>) {
  const view = render(<App store={store} onQuit={() => {}} width={140} height={44} />);
  await settle();
  view.stdin.write('g');
  await settle();
  view.stdin.write('\r');
  await settle(60);
  return view;
}

describe('trace waterfall', () => {
  it('nests the Lambda segments under the caller and inferred segments under their call', () => {
    const [t] = tracesFromBatchGetTraces(JSON.parse(readFileSync(TRACES, 'utf8')));
    expect(t?.requestId).toBe('ac086670-6373-11e7-a174-f31b3397f190');
    expect(t?.trace.spans.map((s) => `${s.depth}:${s.name}`)).toEqual([
      '0:Scorekeep',
      '1:Lambda',
      '2:random-name',
      '3:random-name',
      '4:Initialization',
      '4:annotations',
      '4:SNS',
      '5:SNS',
      '1:## UserModel.saveUser',
      '2:DynamoDB',
      '3:DynamoDB',
    ]);
    expect(Math.round((t?.trace.endMs ?? 0) - (t?.trace.startMs ?? 0))).toBe(3232);
  });

  it('marks errors and faults in the detail view', async () => {
    const document = {
      id: 'a1',
      name: 'orders',
      start_time: 100,
      end_time: 101,
      origin: 'AWS::Lambda::Function',
      subsegments: [{ id: 'b1', name: 'DynamoDB', start_time: 100.2, end_time: 100.6, fault: true }],
    };
    const [built] = tracesFromBatchGetTraces({
      Traces: [
        {
          Id: '1-5e7d7595-212fxmpl9ee07c4884191322',
          Segments: [{ Id: 'a1', Document: JSON.stringify(document) }],
        },
      ],
    });
    const trace = built?.trace;
    if (!trace) throw new Error('trace expected');
    const store = storeOf(fixtureEvents());
    store.attachTrace(trace, 'dbda340c-xmpl-4031-8810-11bb609b4c71');
    const { lastFrame, unmount } = await openFirstInvocation(store);
    const frame = lastFrame() ?? '';
    expect(frame).toMatch(/orders\s+█+\s+1000ms/);
    expect(frame).toMatch(/ {2}DynamoDB\s+█+\s+400ms ✖ fault/);
    // the JSON line is pretty-printed: one key per line
    expect(frame).toContain('"customer": "c-77",');
    unmount();
  });

  it('folds a JSON line to one line with space', async () => {
    const store = storeOf(fixtureEvents());
    const { lastFrame, stdin, unmount } = await openFirstInvocation(store);
    const lines = (lastFrame() ?? '').split('\n');
    const jsonAt = lines.findIndex((l) => l.includes('INFO  2024-06-10T12:00:00.230Z'));
    expect(jsonAt).toBeGreaterThan(0);
    for (let i = 1; i < jsonAt; i++) {
      stdin.write('j');
      await settle(10);
    }
    stdin.write(' ');
    await settle(60);
    const folded = lastFrame() ?? '';
    expect(folded).toContain('{…} 3 keys (space to unfold)');
    expect(folded).not.toContain('"customer": "c-77",');
    unmount();
  });
});
