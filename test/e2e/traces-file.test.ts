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
    expect(tail.stdout).toContain(`  trace ${TRACE_ID}: 3,232 ms, init 755 ms; SNS Publish 959 ms\n`);
    expect(tail.stdout).toBe(logs.stdout);
  });

  it('text output says what the trace holds inside the block of its invocation, in words', () => {
    const r = runCli(['logs', LOGS, '--traces', TRACES], {});
    expect(r.code).toBe(0);
    const blocks = r.stdout.split('\n\n');
    const block = (id: string) => blocks.find((b) => b.includes(`  ${id}  `))?.split('\n');
    // Found: its timing and calls under the header, before the lines and the blank line that ends the block.
    expect(block(TRACED)).toEqual([
      `2024-06-10T12:00:08.111Z  random-name  ${TRACED}  ✔ success  cold 752.3 ms  1740.1 ms (billed 1741 ms)  88/256 MB  trace ${TRACE_ID}`,
      `  trace ${TRACE_ID}: 3,232 ms, init 755 ms; SNS Publish 959 ms`,
      `  START RequestId: ${TRACED} Version: $LATEST`,
      `  2017-07-08T00:23:33.012Z\t${TRACED}\tINFO\tsaving user 5M388M1E`,
      `  END RequestId: ${TRACED}`,
      `  REPORT RequestId: ${TRACED}\tDuration: 1740.12 ms\tBilled Duration: 1741 ms\tMemory Size: 256 MB\tMax Memory Used: 88 MB\tInit Duration: 752.31 ms\t`,
      `    XRAY TraceId: ${TRACE_ID}\tSegmentId: 00f91aa01f4984fd\tSampled: true`,
    ]);
    // Named but not in the file; no trace ID at all.
    expect(block('dbda340c-xmpl-4031-8810-11bb609b4c71')?.[1]).toBe(
      '  trace: the traces file has no trace 1-5e7d7595-212fxmpl9ee07c4884191322',
    );
    expect(block('5b866fb1-7154-4af6-8078-6ef6ca4c2ddd')?.slice(0, 3)).toEqual([
      '2024-06-10T12:00:00.286Z  billing  5b866fb1-7154-4af6-8078-6ef6ca4c2ddd  ✖ crash (Runtime.ExitError)  cold 80.0 ms  133.6 ms (billed 214 ms)  31/128 MB',
      '  trace: no trace ID in its logs',
      '  START RequestId: 5b866fb1-7154-4af6-8078-6ef6ca4c2ddd Version: $LATEST',
    ]);
    // Every block ends in one blank line; nothing about a trace comes after it.
    expect(r.stdout.split('\n\n').every((b) => !b.startsWith('  trace'))).toBe(true);
  });

  it('segments that are not objects, and a Duration that is no number, are unreadable parts of a trace, never a crash', () => {
    const saved = JSON.parse(readFileSync(TRACES, 'utf8')) as { Traces: unknown[] };
    const odd = join(dir, 'odd-segments.json');
    // Beside the saved trace, one for the other traced invocation, edited by hand.
    const hand = {
      Id: '1-5e7d7595-212fxmpl9ee07c4884191322',
      Duration: 'long',
      Segments: [null, 5, { Id: 's', Document: 7 }],
    };
    writeFileSync(odd, JSON.stringify({ Traces: [...saved.Traces, hand] }));
    const r = runCli(['logs', LOGS, '--traces-file', odd], {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`  trace ${TRACE_ID}: 3,232 ms, init 755 ms; SNS Publish 959 ms\n`);
    expect(r.stdout).toContain(
      '  trace 1-5e7d7595-212fxmpl9ee07c4884191322 (no Lambda segment to check the request ID against)\n',
    );
    expect(r.stdout).not.toContain('NaN');
    const nd = parse(runCli(['logs', LOGS, '--traces-file', odd, '-o', 'ndjson'], {}).stdout);
    expect(nd.find((p) => p.requestId.startsWith('dbda340c'))?.trace).toMatchObject({
      match: 'attached-unverified',
      traceId: '1-5e7d7595-212fxmpl9ee07c4884191322',
      durationMs: null,
    });
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
      '--traces fetches from X-Ray, for --function or --log-group: add one, or give a file of traces with --traces-file',
    );
    expect(bare.stdout).toBe('');
  });
});
