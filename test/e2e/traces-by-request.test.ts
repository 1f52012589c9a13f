/**
 * A trace whose AWS::Lambda segment names a request is that request's trace, also when the
 * logs name no trace ID (a REPORT copied without X-Ray's `XRAY TraceId` suffix): `logs`,
 * piped `tail` and tail's screen join a `--traces-file` trace to it by that request ID, by one
 * rule, and the same trace as when the REPORT names it. Only while one trace of the file names
 * the request: two that do leave no way to tell, and none of the three joins either, each
 * saying so (the invocation's trace words, the closing note, the detail view).
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
const TRACED = 'ac086670-6373-11e7-a174-f31b3397f190';
const TRACE_ID = '1-59602603-23fc5b688855d396af79b496';
const SUFFIX =
  '\\nXRAY TraceId: 1-59602603-23fc5b688855d396af79b496\\tSegmentId: 00f91aa01f4984fd\\tSampled: true';
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-trace-by-request-'));

/** The fixture's logs with the traced REPORT's X-Ray suffix taken off: no invocation names that trace. */
function untracedLogs(): string {
  const text = readFileSync(LOGS, 'utf8');
  expect(text).toContain(SUFFIX);
  const path = join(dir, 'untraced.ndjson');
  writeFileSync(path, text.replace(SUFFIX, ''));
  return path;
}

/** The saved trace and the same one saved again under another trace ID: two traces name the request. */
function twoTracesOfTheRequest(): string {
  const saved = JSON.parse(readFileSync(SAVED, 'utf8')) as { Traces: unknown[] };
  const again = JSON.parse(
    JSON.stringify(saved.Traces[0]).replaceAll(TRACE_ID, '1-59602603-23fc5b688855d396af790000'),
  ) as unknown;
  const path = join(dir, 'two-traces.json');
  writeFileSync(path, JSON.stringify({ Traces: [...saved.Traces, again] }));
  return path;
}

interface Printed {
  requestId: string;
  traceId: string | null;
  trace: { match: string; traceId?: string } | null;
}

const printed = (stdout: string): Printed[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Printed);

const SUMMARY =
  'lambdalens: 8 invocations (4 success, 2 timeout, 1 oom, 1 crash) from 4 functions, 6 cold starts, 2024-06-10T12:00:00.005Z → 2024-06-10T12:00:09.852Z\n';

describe('--traces-file: a trace joined by the request ID its Lambda segment names', () => {
  const untraced = untracedLogs();

  it('logs and piped tail attach it when the logs name no trace ID, the trace the named ID finds', () => {
    const named = runCli(['logs', LOGS, '--traces-file', SAVED, '-o', 'ndjson'], {});
    expect(named.code, named.stderr).toBe(0);
    const byId = printed(named.stdout).find((p) => p.requestId === TRACED);
    expect(byId?.trace).toMatchObject({ match: 'attached', traceId: TRACE_ID });

    for (const command of ['logs', 'tail']) {
      const r = runCli([command, untraced, '--traces-file', SAVED, '-o', 'ndjson'], {});
      expect(r.code, r.stderr).toBe(0);
      // A trace matched: no note that none did.
      expect(r.stderr).toBe(SUMMARY);
      const joined = printed(r.stdout).find((p) => p.requestId === TRACED);
      // The logs still name no trace ID; the trace is the one the REPORT's ID finds.
      expect(joined?.traceId, command).toBeNull();
      expect(joined?.trace, command).toEqual(byId?.trace);

      const text = runCli([command, untraced, '--traces-file', SAVED], {});
      expect(text.code, text.stderr).toBe(0);
      const block = text.stdout.slice(text.stdout.indexOf(`  ${TRACED}  `));
      expect(block.split('\n')[1], command).toBe(
        `  trace ${TRACE_ID}: 3,232 ms, init 755 ms; SNS Publish 959 ms`,
      );
    }
  });

  it('logs and piped tail attach neither of two traces that name the same request, and say why', () => {
    const two = twoTracesOfTheRequest();
    // Why the file matched nothing: the one invocation its traces could join has two of them.
    const note =
      `lambdalens: warning: none of the 2 traces in ${two} matched an invocation (traces are matched ` +
      "by the trace ID in an invocation's logs, or by the request ID in the trace's Lambda segment: " +
      'of the 8 invocations read, 1 names a trace ID, none of them in the file; ' +
      `2 traces in the file name request ${TRACED}: none joined)\n`;
    for (const command of ['logs', 'tail']) {
      const r = runCli([command, untraced, '--traces-file', two, '-o', 'ndjson'], {});
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr, command).toBe(note + SUMMARY);
      // The contract's trace object keeps its fields and values: it has no field for a reason.
      expect(printed(r.stdout).find((p) => p.requestId === TRACED)?.trace).toEqual({
        match: 'no-trace-id',
        traceId: null,
        durationMs: null,
        initializationMs: null,
        calls: [],
      });

      const text = runCli([command, untraced, '--traces-file', two], {});
      expect(text.code, text.stderr).toBe(0);
      expect(text.stderr, command).toBe(note + SUMMARY);
      const block = text.stdout.slice(text.stdout.indexOf(`  ${TRACED}  `));
      expect(block.split('\n')[1], command).toBe(
        '  trace: no trace ID in its logs, and 2 traces in the traces file name this request: none joined',
      );
      // The REPORT that names one of them still gets it.
      const named = runCli([command, LOGS, '--traces-file', two, '-o', 'ndjson'], {});
      expect(printed(named.stdout).find((p) => p.requestId === TRACED)?.trace).toMatchObject({
        match: 'attached',
        traceId: TRACE_ID,
      });
    }
  });
});

describe('--traces-file: tail on a terminal joins by the same rule', () => {
  let session: TmuxSession | null = null;
  afterEach(() => {
    session?.kill();
    session = null;
  });

  /** The detail view of the traced request, opened from a screen showing only it. */
  async function detailOfTraced(traces: string): Promise<string> {
    const only = join(dir, 'only-traced.ndjson');
    const lines = readFileSync(untracedLogs(), 'utf8')
      .split('\n')
      .filter((l) => l.includes(TRACED));
    writeFileSync(only, `${lines.join('\n')}\n`);
    session = openSession(`${TAIL} ${only} --traces-file ${traces}`, ROOT, { width: 200 });
    await session.waitFor((s) => s.includes('input ended'));
    session.keys('g');
    await session.waitFor((s) => s.includes(`›`));
    session.keys('Enter');
    return session.waitFor((s) => s.includes('Lines 4'));
  }

  it('shows the one trace that names the request, and neither of two, saying why', async () => {
    expect(await detailOfTraced(SAVED)).toContain(`X-Ray trace ${TRACE_ID}`);
    session?.kill();
    const twoTraces = twoTracesOfTheRequest();
    const two = await detailOfTraced(twoTraces);
    expect(two).not.toContain('X-Ray trace 1-');
    // logs' words, the file named: the screen hides the run's flags.
    expect(two).toContain(
      `X-Ray trace\n no trace ID in its logs, and 2 traces in the traces file ${twoTraces} name this request: none joined\n`,
    );
  });
});
