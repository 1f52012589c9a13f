/**
 * `logs -` over input that names no function (a console copy on stdin): the run says how
 * many invocations name none and how to name them, in the singular or the plural as the
 * count is, through the real CLI.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/live-cli.ts';

function logsOfStdin(stdin: string) {
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'lambdalens.mjs'), 'logs', '-', '-o', 'ndjson'],
    {
      encoding: 'utf8',
      input: stdin,
      env: { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, HOME: '/nonexistent' },
      maxBuffer: 64 << 20,
    },
  );
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const copy = readFileSync(join(ROOT, 'examples', 'data', 'logs', 'etl-nightly.log'), 'utf8');

describe('invocations of input that names no function', () => {
  it('are said to name none, "it" for one and "them" for several', () => {
    const lines = copy.split('\n');
    const firstReport = lines.findIndex((l) => l.includes(' REPORT RequestId: '));
    const one = logsOfStdin(`${lines.slice(0, firstReport + 1).join('\n')}\n`);
    expect(one.code).toBe(0);
    expect(one.stdout.trim().split('\n')).toHaveLength(1);
    expect(one.stderr.split('\n').at(-2)).toBe(
      'lambdalens: 1 invocation names no function; pass --function-name <name> to name it',
    );

    const all = logsOfStdin(copy);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(133);
    expect(all.stderr.split('\n').at(-2)).toBe(
      'lambdalens: 133 invocations name no function; pass --function-name <name> to name them',
    );
  });
});
