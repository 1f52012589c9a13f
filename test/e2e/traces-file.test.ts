/**
 * `--traces FILE`: traces saved with `aws xray batch-get-traces` joined to invocations read
 * from files, by the real CLI, exactly as traces fetched from X-Ray are joined: found by
 * the trace ID the logs name, checked against the request ID of the trace's Lambda segment.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LOGS = join(root, 'test', 'fixtures', 'tail', 'invocations.ndjson');
const TRACES = join(root, 'test', 'fixtures', 'tail', 'batch-get-traces.json');
const TRACED = 'ac086670-6373-11e7-a174-f31b3397f190';
const TRACE_ID = '1-59602603-23fc5b688855d396af79b496';
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-traces-'));

interface Printed {
  requestId: string;
  traceId: string | null;
  trace: { match: string; traceId?: string; durationMs?: number; calls?: { name: string }[] } | null;
}

const parse = (stdout: string): Printed[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Printed);

describe('--traces FILE', () => {
  it('logs attaches the trace the file holds to the invocation that names it, and says why the others have none', () => {
    const r = runCli(['logs', LOGS, '--traces', TRACES, '-o', 'ndjson'], {});
    expect(r.code).toBe(0);
    const printed = parse(r.stdout);
    expect(printed).toHaveLength(8);
    const matches = printed.map((p) => [p.requestId.slice(0, 8), p.trace?.match]);
    expect(matches).toEqual([
      ['5b866fb1', 'no-trace-id'],
      ['dbda340c', 'not-found'],
      ['16f8d3a2', 'no-trace-id'],
      ['dbb585bb', 'no-trace-id'],
      ['a719c94f', 'no-trace-id'],
      ['d661f7cf', 'no-trace-id'],
      ['527cb862', 'no-trace-id'],
      ['ac086670', 'attached'],
    ]);
    const traced = printed.find((p) => p.requestId === TRACED);
    expect(traced?.trace).toMatchObject({ traceId: TRACE_ID, durationMs: 3232 });
    expect(traced?.trace?.calls?.map((c) => c.name)).toEqual(['SNS']);
  });

  it('a trace whose Lambda segment names another request is reported as a mismatch, not shown', () => {
    const other = join(dir, 'other-request.json');
    writeFileSync(
      other,
      readFileSync(TRACES, 'utf8').replaceAll(TRACED, 'ffffffff-6373-11e7-a174-f31b3397f190'),
    );
    const r = runCli(['logs', LOGS, '--traces', other, '-o', 'ndjson'], {});
    expect(r.code).toBe(0);
    const traced = parse(r.stdout).find((p) => p.requestId === TRACED);
    expect(traced?.trace).toEqual({
      match: 'mismatch',
      traceId: null,
      durationMs: null,
      initializationMs: null,
      calls: [],
    });
  });

  it('piped tail prints what logs prints, traces included', () => {
    const logs = runCli(['logs', LOGS, '--traces', TRACES], {});
    const tail = runCli(['tail', LOGS, '--traces', TRACES], {});
    expect(tail.code).toBe(0);
    expect(tail.stdout).toContain(`trace: attached ${TRACE_ID}`);
    expect(tail.stdout).toBe(logs.stdout);
  });

  it('a file that is not BatchGetTraces output, and --traces without a file on local input, are usage errors', () => {
    const notTraces = join(dir, 'not-traces.json');
    writeFileSync(notTraces, '{"TraceSummaries": []}');
    const wrong = runCli(['logs', LOGS, '--traces', notTraces], {});
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`--traces ${notTraces}: no "Traces" list`);
    const missing = runCli(['logs', LOGS, '--traces', join(dir, 'absent.json')], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `--traces ${join(dir, 'absent.json')}: not readable as BatchGetTraces JSON`,
    );
    const bare = runCli(['logs', LOGS, '--traces'], {});
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain(
      '--traces without a file reads X-Ray: add --function, or give a file of traces',
    );
    expect(bare.stdout).toBe('');
  });
});
