/**
 * `tail app.log --traces-file traces.json` on a real terminal, with a file of more traces
 * than the screen keeps waiting from X-Ray (3,000): every invocation the screen holds shows
 * its trace from the file, as `logs` joins them all, whichever part of the file it is in.
 * The invocations and traces are the traced invocation of the tail fixtures and the
 * BatchGetTraces example, numbered.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { FIXTURE, ROOT, TAIL, TRACES, tempDir } from './tail-fixtures.ts';
import { isDetail, isList, listRows, openSession, type TmuxSession } from './tmux.ts';

const COUNT = 3000;
const REQUEST = 'ac086670-6373-11e7-a174-f31b3397f190';
const TRACE = '1-59602603-23fc5b688855d396af79b496';
const requestOf = (n: number) => `${n.toString(16).padStart(8, '0')}-6373-11e7-a174-f31b3397f190`;
const traceOf = (n: number) => `1-59602603-${n.toString(16).padStart(24, '0')}`;

/** `COUNT` copies of the traced invocation two seconds apart, and a traces file of their traces. */
function writeInputs(dir: string): { logs: string; traces: string } {
  const events = readFileSync(join(ROOT, FIXTURE), 'utf8')
    .split('\n')
    .filter((l) => l.includes(REQUEST))
    .map((l) => JSON.parse(l) as { timestamp: number; message: string });
  const trace = JSON.stringify(
    (JSON.parse(readFileSync(join(ROOT, TRACES), 'utf8')) as { Traces: unknown[] }).Traces[0],
  );
  const lines: string[] = [];
  const traces: string[] = [];
  for (let n = 0; n < COUNT; n++) {
    for (const e of events) {
      const message = e.message.replaceAll(REQUEST, requestOf(n)).replaceAll(TRACE, traceOf(n));
      lines.push(JSON.stringify({ ...e, timestamp: e.timestamp + n * 2000, message }));
    }
    traces.push(trace.replaceAll(REQUEST, requestOf(n)).replaceAll(TRACE, traceOf(n)));
  }
  const logs = join(dir, 'app.ndjson');
  const file = join(dir, 'traces.json');
  writeFileSync(logs, `${lines.join('\n')}\n`);
  writeFileSync(file, `{"Traces":[${traces.join(',')}],"UnprocessedTraceIds":[]}`);
  return { logs, traces: file };
}

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

describe('tail on a terminal with a traces file of 3,000 traces', () => {
  it('shows each held invocation with its trace from the file, as logs joins them', async () => {
    const { logs, traces } = writeInputs(tempDir());
    const joined = runCli(['logs', logs, '--traces-file', traces, '-o', 'ndjson'], {});
    expect(joined.code).toBe(0);
    const matches = joined.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { trace: { match: string } }).trace.match);
    expect(matches).toEqual(Array<string>(COUNT).fill('attached'));

    session = openSession(`${TAIL} ${logs} --traces-file ${traces}`, ROOT, { width: 160, height: 30 });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended') && s.includes(`${COUNT} invocations`), 60_000);
    // The screen holds the newest 2,000: the oldest of them is invocation 1,000.
    tty.keys('g');
    const top = await tty.waitFor((s) => (listRows(s)[0] ?? '').startsWith('›'));
    const rows = listRows(top);
    expect(rows[0]).toMatch(new RegExp(`♦ ${requestOf(1000)}$`));
    for (const row of rows) expect(row).toMatch(/ ♦ \S+$/);

    const detailOf = async (n: number): Promise<string> => {
      tty.keys('/');
      tty.type(requestOf(n));
      tty.keys('Enter', 'Enter');
      const detail = await tty.waitFor((s) => isDetail(s) && s.includes(requestOf(n)) && s.includes('SNS'));
      // Back to the list, then the search cleared.
      tty.keys('Escape');
      await tty.waitFor(isList);
      tty.keys('Escape');
      await tty.waitFor((s) => isList(s) && !s.includes('search:'));
      return detail;
    };
    // The first of the file's traces the screen holds a row for, and the last of those that
    // a queue of a thousand waiting traces lost.
    for (const n of [1000, 1999]) {
      const detail = await detailOf(n);
      expect(detail).toContain(`X-Ray trace ${traceOf(n)}  3232.00 ms`);
      expect(detail).not.toContain('not attached');
    }
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000)).toMatch(/^EXITED 0$/m);
  }, 120_000);
});
