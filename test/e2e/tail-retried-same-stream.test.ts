/**
 * Lambda runs an asynchronous event again under the same request ID, often in the
 * execution environment that failed it, so both runs are in one log stream. `logs` prints
 * both; the screen lists both, each with its own status and lines. The second run's row
 * took the first one's place: the crash the retry was for vanished from the list, while the
 * status bar still counted it as failed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { FIXTURE, ROOT, TAIL, tempDir } from './tail-fixtures.ts';
import { isDetail, isList, openSession, type TmuxSession } from './tmux.ts';

/** The fixture's billing invocation that crashed (Runtime.ExitError). */
const REQUEST = '5b866fb1-7154-4af6-8078-6ef6ca4c2ddd';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

/** The crashed run as the fixture has it, then the request run again a minute later in the same stream, succeeding. */
function retriedInOneStream(): string {
  const crashed = readFileSync(join(ROOT, FIXTURE), 'utf8')
    .split('\n')
    .filter((l) => l.includes(REQUEST))
    .map((l) => JSON.parse(l) as { timestamp: number; message: string; logStream: string });
  const again = crashed.map((e) => ({
    ...e,
    timestamp: e.timestamp + 60_000,
    message: e.message.startsWith('REPORT')
      ? `REPORT RequestId: ${REQUEST} Duration: 120.00 ms Billed Duration: 120 ms Memory Size: 128 MB Max Memory Used: 33 MB\n`
      : e.message,
  }));
  expect(new Set([...crashed, ...again].map((e) => e.logStream)).size).toBe(1);
  const file = join(tempDir(), 'retried.ndjson');
  writeFileSync(file, `${[...crashed, ...again].map((e) => JSON.stringify(e)).join('\n')}\n`);
  return file;
}

describe('a request run twice in one log stream', () => {
  it('is listed as two rows, the crash and the success, as logs prints them', async () => {
    const file = retriedInOneStream();
    const logs = runCli(['logs', file], {});
    expect(logs.code).toBe(0);
    expect(logs.stderr).toContain('2 invocations (1 success, 1 crash)');

    session = openSession(`${TAIL} ${file}`, ROOT, { width: 160, height: 30 });
    const tty = session;
    const screen = await tty.waitFor((s) => s.includes('input ended'));
    const rows = screen.split('\n').filter((l) => l.endsWith(REQUEST));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^ {3}12:00:00\.286 billing +× crash +\* +133\.61 +214 +31\/128 /);
    expect(rows[1]).toMatch(/^› {2}12:01:00\.286 billing +√ ok +120\.00 +120 +33\/128 /);
    expect(screen).toContain('shown 2 of 2 · dropped 0 · 2 invocations · 1 failed · priced 2 of 2');

    // Each row opens its own run: the crash's REPORT, then the success's.
    tty.keys('k', 'Enter');
    const crash = await tty.waitFor((s) => isDetail(s) && s.includes('Runtime.ExitError'));
    expect(crash).toContain('Duration 133.61 ms   Billed 214 ms');
    tty.keys(']');
    const retry = await tty.waitFor((s) => isDetail(s) && s.includes('Billed 120 ms'));
    expect(retry).toMatch(/√ success {2}billing/);
    tty.keys('Escape');
    await tty.waitFor(isList);
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s))).toMatch(/^EXITED 0$/m);
  });
});
