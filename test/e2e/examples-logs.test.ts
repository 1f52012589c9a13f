import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Invocation } from '../../collectors/model.ts';
import { EXAMPLES_DATA_DIR, type ExpectedInvocation, generateExamples } from '../../examples/generate.ts';

const run = promisify(execFile);
const root = join(EXAMPLES_DATA_DIR, '..', '..');
const generated = generateExamples();
/** The data set's logs, given as their folder the way the README runs them. */
const logFiles = [join('examples', 'data', 'logs')];

/** The contract fields of an emitted invocation, in the generator's record shape. */
function asExpected(inv: Invocation): ExpectedInvocation {
  return {
    requestId: inv.requestId,
    functionName: inv.functionName as string,
    logGroup: inv.logGroup,
    logStream: inv.logStream as string,
    status: inv.status,
    errorType: inv.errorType,
    coldStart: inv.coldStart,
    start: inv.start as string,
    end: inv.end as string,
    durationMs: inv.durationMs,
    billedDurationMs: inv.billedDurationMs,
    memorySizeMB: inv.memorySizeMB,
    maxMemoryUsedMB: inv.maxMemoryUsedMB,
    initDurationMs: inv.initDurationMs,
    restoreDurationMs: inv.restoreDurationMs,
    billedRestoreDurationMs: inv.billedRestoreDurationMs,
    traceId: inv.traceId,
    version: inv.version as string,
    runtimeVersion: inv.runtimeVersion,
    region: inv.region,
    accountId: inv.accountId,
    initializationType: inv.initializationType,
    lineCount: inv.lines.length + inv.droppedLines,
  };
}

describe('lambdalens logs over the example data set', () => {
  let emitted: Invocation[] = [];
  let stderr = '';

  beforeAll(async () => {
    const out = await run(
      process.execPath,
      ['bin/lambdalens.mjs', 'logs', ...logFiles, '--output', 'ndjson'],
      {
        cwd: root,
        maxBuffer: 1 << 30,
      },
    );
    emitted = out.stdout
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Invocation);
    stderr = out.stderr;
  }, 120_000);

  it('emits every generated invocation once, and nothing else', () => {
    const ids = emitted.map((inv) => inv.requestId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(generated.invocations.length);
    expect(new Set(ids)).toEqual(new Set(generated.invocations.map((inv) => inv.requestId)));
  });

  it('states every contract field of every invocation as the generator wrote it', () => {
    const byId = new Map(emitted.map((inv) => [inv.requestId, asExpected(inv)]));
    const wrong = generated.invocations.filter(
      (want) => JSON.stringify(byId.get(want.requestId)) !== JSON.stringify(want),
    );
    // Show the first disagreements whole: they name the field and the form of log that differs.
    expect(wrong.slice(0, 5).map((want) => ({ want, got: byId.get(want.requestId) }))).toEqual([]);
    expect(wrong.length).toBe(0);
  });

  it('counts the same statuses as the manifest', () => {
    const counts: Record<string, number> = {};
    for (const inv of emitted) counts[inv.status] = (counts[inv.status] ?? 0) + 1;
    expect(counts).toEqual(
      Object.fromEntries(Object.entries(generated.summary.totals.byStatus).filter(([, n]) => n > 0)),
    );
  });

  it('attributes every line to an invocation', () => {
    expect(stderr).not.toMatch(/belong to no invocation/);
  });
});

describe('lines outside any invocation', () => {
  it('lists a stray line but not the init phase its invocation took, and counts what it lists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-outside-'));
    const stream = '2026/10/05/[$LATEST]0a1b2c3d';
    const id = '00000000-0000-4000-8000-000000000001';
    const file = join(dir, 'fn.log');
    writeFileSync(
      file,
      [
        'stray line',
        `2026-10-05T10:00:00.000000+00:00 ${stream} INIT_START Runtime Version: python:3.12.v40`,
        `2026-10-05T10:00:00.100000+00:00 ${stream} loading model`,
        `2026-10-05T10:00:00.200000+00:00 ${stream} START RequestId: ${id} Version: $LATEST`,
        `2026-10-05T10:00:01.000000+00:00 ${stream} REPORT RequestId: ${id}\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tInit Duration: 150.00 ms\t`,
        '',
      ].join('\n'),
    );
    const out = await run(process.execPath, ['bin/lambdalens.mjs', 'logs', file], { cwd: root });
    const [invocation, outside] = out.stdout.split('\n\n');
    expect(invocation).toContain(
      '  INIT_START Runtime Version: python:3.12.v40\n  loading model\n  START RequestId',
    );
    expect(outside).toBe('Lines outside any invocation (1):\n  stray line\n');
  });
});
