/**
 * A request Lambda ran twice (an asynchronous event retried: one request ID, two attempts,
 * here in two execution environments), with `--traces-file` holding the trace of the second
 * attempt only, whose Lambda segment names the request. The first attempt, while running,
 * names no trace, so it takes that trace by its request ID; its REPORT then names another
 * trace, and the taken one must wait again for the attempt whose REPORT names it, as `logs`
 * joins it. It was dropped: the second attempt's detail view showed no trace.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { FIXTURE, ROOT, TAIL, TRACES, tempDir } from './tail-fixtures.ts';
import { isDetail, openSession, type TmuxSession } from './tmux.ts';

const REQUEST = 'ac086670-6373-11e7-a174-f31b3397f190';
/** The trace the saved BatchGetTraces output holds: its Lambda segment names REQUEST. */
const IN_FILE = '1-59602603-23fc5b688855d396af79b496';
/** The first attempt's trace, which the file does not hold. */
const FIRST = '1-59602603-23fc5b688855d396af790001';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

/** The fixture's four events of REQUEST, as the first attempt (a minute earlier, another stream and trace) and the second. */
function retriedRequest(): string {
  const events = readFileSync(join(ROOT, FIXTURE), 'utf8')
    .split('\n')
    .filter((l) => l.includes(REQUEST))
    .map((l) => JSON.parse(l) as { timestamp: number; message: string; logStream: string });
  const first = events.map((e) => ({
    ...e,
    timestamp: e.timestamp - 60_000,
    message: e.message.replace(IN_FILE, FIRST),
    logStream: e.logStream.replace('e6d2fe61', '0000aaaa'),
  }));
  const file = join(tempDir(), 'retried.ndjson');
  writeFileSync(file, `${[...first, ...events].map((e) => JSON.stringify(e)).join('\n')}\n`);
  return file;
}

describe('a request retried, the traces file holding the second attempt’s trace', () => {
  it('joins that trace to the attempt whose REPORT names it, on the screen as in logs', async () => {
    const file = retriedRequest();
    const traces = join(ROOT, TRACES);
    const logs = runCli(['logs', file, '--traces-file', traces], {});
    expect(logs.code).toBe(0);
    const traceLines = logs.stdout.split('\n').filter((l) => l.startsWith('  trace'));
    expect(traceLines).toEqual([
      `  trace: the traces file has no trace ${FIRST}`,
      `  trace ${IN_FILE}: 3,232 ms, init 755 ms; SNS Publish 959 ms`,
    ]);

    session = openSession(`${TAIL} ${file} --traces-file ${traces}`, ROOT, { width: 200, height: 40 });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended'));
    // The newest row, the second attempt (rows are in time order).
    tty.keys('G', 'Enter');
    const second = await tty.waitFor((s) => isDetail(s) && s.includes(REQUEST));
    expect(second).toContain(`X-Ray trace ${IN_FILE}`);
    tty.keys('Escape', 'g', 'Enter');
    const first = await tty.waitFor((s) => isDetail(s) && s.includes(REQUEST) && s.includes(FIRST));
    expect(first).toContain(`the traces file ${traces} has no trace ${FIRST}`);
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s))).toMatch(/^EXITED 0$/m);
  });
});
