/**
 * A runtime line whose token after the time is longer than a request ID
 * (`<time>\t0000000a-aaaa-bbbb-cccc-1796654515907\tINFO\t…`, a UUID with one character more)
 * names no request: the parser took its first 36 characters as one, a request ID found
 * nowhere in the log, and the line became an `incomplete` invocation of its own beside the
 * request it was written in. It is now an untagged line of its stream, the running request's,
 * as START and REPORT, which take the whole token, see it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-longer-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const id = '0000000a-aaaa-bbbb-cccc-1796654515907';
const lines = [
  `2026-12-07T14:38:55.907Z START RequestId: ${id} Version: $LATEST`,
  `2026-12-07T14:38:55.908Z\t${id}\tINFO\thello`,
  `[INFO]\t2026-12-07T14:38:55.908Z\t${id}\tpython says hello`,
  `2026-12-07T14:38:55.909Z END RequestId: ${id}`,
  `2026-12-07T14:38:55.909Z REPORT RequestId: ${id}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
];

describe('a token after the time longer than a request ID', () => {
  it('is no request ID: the line is the running request’s', () => {
    const file = join(dir, 'orders-api.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const run = runCli(['logs', file, '--output', 'ndjson'], {});
    expect(run.code).toBe(0);
    const records = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { requestId: string; status: string; lines: { message: string }[] });
    expect(records.map((r) => [r.requestId, r.status, r.lines.length])).toEqual([[id, 'success', 5]]);
    expect(run.stderr).toBe(
      'lambdalens: 1 invocation (1 success) from 1 function, 0 cold starts, 2026-12-07T14:38:55.907Z → 2026-12-07T14:38:55.909Z\n',
    );
  });
});
