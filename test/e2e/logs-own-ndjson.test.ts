/**
 * A run saved with `logs --output ndjson > saved.ndjson` is read again as the logs it was
 * made of. Each record was read as a Lambda JSON log record instead: one `incomplete`
 * invocation per request, its one line the whole record, and a cost report that priced
 * nothing. Now `logs` gives the same invocations again and `cost` the same invocations and
 * Lambda cost per function (the logs' bytes are those of the lines the records kept).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-own-ndjson-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const logs = join('examples', 'data', 'logs');
const config = join('examples', 'data', 'functions.json');
const sorted = (ndjson: string) => ndjson.trimEnd().split('\n').sort();

describe('logs --output ndjson, saved and read again', () => {
  const first = runCli(['logs', logs, '--output', 'ndjson'], {});
  const saved = join(dir, 'saved.ndjson');
  writeFileSync(saved, first.stdout);

  it('gives logs the same invocations, field for field, and the same summary', () => {
    expect(first.code).toBe(0);
    const again = runCli(['logs', saved, '--output', 'ndjson'], {});
    expect(again.code).toBe(0);
    // Read from one file, invocations end in another order than from the folder's files.
    expect(sorted(again.stdout)).toEqual(sorted(first.stdout));
    expect(again.stderr).toBe(
      'lambdalens: 2163 invocations (2067 success, 12 timeout, 7 oom, 7 crash, 63 error, 7 incomplete) from 6 functions, 60 cold starts, 2026-10-01T03:05:25.991Z → 2026-10-27T04:58:32.902Z\n',
    );
  });

  it('gives cost the same invocations and Lambda cost per function', () => {
    const fromLogs = runCli(['cost', logs, '--config', config, '--output', 'json'], {});
    const fromSaved = runCli(['cost', saved, '--config', config, '--output', 'json'], {});
    expect([fromLogs.code, fromSaved.code]).toEqual([0, 0]);
    const rows = (stdout: string) =>
      (JSON.parse(stdout) as CostReport).functions
        .map((f) => ({
          functionName: f.functionName,
          invocations: f.invocations,
          lambda: f.exact.lambda,
          coldStarts: f.coldStarts,
        }))
        .sort((a, b) => a.functionName.localeCompare(b.functionName));
    expect(rows(fromSaved.stdout)).toEqual(rows(fromLogs.stdout));
    expect((JSON.parse(fromSaved.stdout) as CostReport).coverage).toEqual({
      invocations: 2163,
      priced: 2156,
      notPriced: 7,
      partlyPriced: 0,
    });
  });

  it('keeps a line entry that is no line (edited, cut short) as a line of its JSON text, and says so', () => {
    const record = JSON.parse(first.stdout.split('\n')[0] as string) as {
      lines: unknown[];
      requestId: string;
    };
    const kept = record.lines.length;
    record.lines.splice(1, 0, 42, { timestamp: null });
    const edited = join(dir, 'edited.ndjson');
    writeFileSync(edited, `${JSON.stringify(record)}\n`);
    const run = runCli(['logs', edited, '--output', 'ndjson'], {});
    expect(run.code).toBe(0);
    const [again] = run.stdout
      .trimEnd()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { requestId: string; lines: { message: string; timestamp: string | null }[] },
      );
    expect(again?.requestId).toBe(record.requestId);
    expect(again?.lines.length).toBe(kept + 2);
    expect(again?.lines.filter((l) => l.message === '42' || l.message === '{"timestamp":null}')).toEqual([
      expect.objectContaining({ message: '42', timestamp: null }),
      expect.objectContaining({ message: '{"timestamp":null}', timestamp: null }),
    ]);
    expect(run.stderr).toContain(
      `lambdalens: warning: ${edited}: 2 entries where events belong were not a CloudWatch event (an object with a message or a timestamp): kept as lines of their JSON text, undated\n`,
    );
  });
});
