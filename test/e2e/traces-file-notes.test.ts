/**
 * What `--traces-file` says of its file on stderr, by the real CLI, the same for `logs`,
 * piped `tail` and `tail` on a terminal: the entries of its `Traces` list it skipped (no
 * `Id`, no `Segments`), where in the list they are, and, once the run is done, that none of
 * its traces matched an invocation (a file of another day or function), with how traces
 * are matched and what the invocations named. Stdout stays what it was; a file that is no
 * BatchGetTraces output is a usage error (exit 2) naming it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { FIXTURE, ROOT, TAIL, TRACES } from './tail-fixtures.ts';
import { openSession, type TmuxSession } from './tmux.ts';

const LOGS = join(ROOT, FIXTURE);
const SAVED = join(ROOT, TRACES);
const TRACE_ID = '1-59602603-23fc5b688855d396af79b496';
const TRACED = 'ac086670-6373-11e7-a174-f31b3397f190';
const SUMMARY =
  'lambdalens: 8 invocations (4 success, 2 timeout, 1 oom, 1 crash) from 4 functions, 6 cold starts, 2024-06-10T12:00:00.005Z → 2024-06-10T12:00:09.852Z\n';
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-trace-notes-'));

/** The saved BatchGetTraces output with `edit` applied to its text, as a file. */
function tracesFile(name: string, edit: (text: string) => string): string {
  const path = join(dir, name);
  writeFileSync(path, edit(readFileSync(SAVED, 'utf8')));
  return path;
}

/** The saved output with entries of no use around its one trace: no Id, no Segments, not an object. */
function withBrokenEntries(): string {
  const saved = JSON.parse(readFileSync(SAVED, 'utf8')) as { Traces: Record<string, unknown>[] };
  const [trace] = saved.Traces as [Record<string, unknown>];
  const { Id: _id, ...noId } = trace;
  const { Segments: _segments, ...noSegments } = trace;
  const path = join(dir, 'broken-entries.json');
  writeFileSync(
    path,
    JSON.stringify({ Traces: [noId, trace, noSegments, null, { ...trace, Segments: {} }] }),
  );
  return path;
}

/** The same trace, as saved on another day: no invocation of the logs names its ID. */
const otherDay = () =>
  tracesFile('other-day.json', (t) => t.replaceAll(TRACE_ID, '1-59602603-23fc5b688855d396af790000'));

const noneMatched = (path: string, how: string, found: string) =>
  `lambdalens: warning: the 1 trace in ${path} matched no invocation (traces are matched ${how}: ${found})\n`;
const HOW = "by the trace ID in an invocation's logs, or by the request ID in the trace's Lambda segment";

describe('--traces-file: what the file held, on stderr', () => {
  it('logs and piped tail name the entries they skip, and attach the rest', () => {
    const broken = withBrokenEntries();
    const clean = runCli(['logs', LOGS, '--traces-file', SAVED], {});
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).toBe(SUMMARY);
    for (const command of ['logs', 'tail']) {
      const r = runCli([command, LOGS, '--traces-file', broken], {});
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(
        `lambdalens: warning: ${broken}: 4 of 5 entries skipped (no Id or Segments); see Traces[0], Traces[2], Traces[3] and 1 more\n${SUMMARY}`,
      );
      // The one whole entry is the trace the clean file gives: the output is the same.
      expect(r.stdout).toBe(clean.stdout);
      expect(r.stdout).toContain(`  trace ${TRACE_ID}: 3,232 ms, init 755 ms; SNS Publish 959 ms\n`);
    }
  });

  it('logs and piped tail say when none of the traces matched an invocation, stdout unchanged', () => {
    const other = otherDay();
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '{"Traces": []}');
    for (const command of ['logs', 'tail']) {
      const r = runCli([command, LOGS, '--traces-file', other, '-o', 'ndjson'], {});
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(
        noneMatched(other, HOW, 'of the 8 invocations read, 2 name a trace ID, none of them in the file') +
          SUMMARY,
      );
      // Each invocation says the file lacks its trace, as with a file of no traces at all.
      const none = runCli([command, LOGS, '--traces-file', empty, '-o', 'ndjson'], {});
      expect(none.stderr).toBe(
        `lambdalens: warning: ${empty}: its Traces list is empty; no invocation gets a trace from it\n${SUMMARY}`,
      );
      expect(r.stdout).toBe(none.stdout);
    }
  });

  it('names a trace found by its ID whose Lambda segment is another request', () => {
    const other = tracesFile('other-request.json', (t) =>
      t.replaceAll(TRACED, 'ffffffff-6373-11e7-a174-f31b3397f190'),
    );
    const r = runCli(['logs', LOGS, '--traces-file', other], {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      noneMatched(
        other,
        HOW,
        "of the 8 invocations read, 2 name a trace ID, 1 of them in the file but with another request's Lambda segment",
      ) + SUMMARY,
    );
  });

  it('a file that is not JSON, or has no Traces list, is a usage error naming it, on both commands', () => {
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, 'TRACES\t1-59602603-23fc5b688855d396af79b496\n');
    const summaries = join(dir, 'summaries.json');
    writeFileSync(summaries, '{"TraceSummaries": []}');
    for (const command of ['logs', 'tail']) {
      const a = runCli([command, LOGS, '--traces-file', notJson], {});
      expect([a.code, a.stdout]).toEqual([2, '']);
      expect(a.stderr).toContain(
        `lambdalens: --traces-file ${notJson}: not readable as BatchGetTraces JSON (`,
      );
      const b = runCli([command, LOGS, '--traces-file', summaries], {});
      expect([b.code, b.stdout]).toEqual([2, '']);
      expect(b.stderr).toBe(
        `lambdalens: --traces-file ${summaries}: no "Traces" list (expected the output of aws xray batch-get-traces)\nhint: see 'lambdalens ${command} --help'\n`,
      );
    }
  });
});

describe('--traces-file: tail on a terminal', () => {
  let session: TmuxSession | null = null;
  afterEach(() => {
    session?.kill();
    session = null;
  });

  /** What the terminal shows once the screen is quit, its wrapped lines joined. */
  async function quitScreen(args: string): Promise<string> {
    session = openSession(`${TAIL} ${args}`, ROOT, { width: 400 });
    await session.waitFor((s) => s.includes('input ended'));
    session.keys('q');
    return (await session.waitFor((s) => /EXITED \d+/.test(s))).replace(/\n/g, '');
  }

  it('says the skipped entries above the screen and that none matched once it is gone', async () => {
    const broken = withBrokenEntries();
    const skipped = await quitScreen(`${FIXTURE} --traces-file ${broken}`);
    expect(skipped).toContain(
      `lambdalens: warning: ${broken}: 4 of 5 entries skipped (no Id or Segments); see Traces[0], Traces[2], Traces[3] and 1 more`,
    );
    expect(skipped).not.toContain('matched no invocation');
    expect(skipped).toContain('EXITED 0');

    const other = otherDay();
    const after = await quitScreen(`${FIXTURE} --traces-file ${other}`);
    expect(after).toContain(
      noneMatched(
        other,
        HOW,
        'of the 8 invocations read, 2 name a trace ID, none of them in the file',
      ).trimEnd(),
    );
    expect(after).toContain('EXITED 0');
  });
});
