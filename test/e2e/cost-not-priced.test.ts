/**
 * A cost report that cannot price some functions ends as a configuration error (exit 2)
 * whose last line names each function and the flag or `--config` key it lacks: the user
 * should not have to look through the report to learn what to give.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-not-priced-'));

/** Two invocations of `fn` whose logs name no Region (no INIT_START, no log group, no ARN). */
function regionless(fn: string): string {
  const file = join(dir, `${fn}.log`);
  const lines: string[] = [];
  for (let i = 1; i <= 2; i++) {
    const id = `0000000${i}-1111-4111-8111-11111111111${fn.length % 10}`;
    lines.push(
      `START RequestId: ${id} Version: $LATEST`,
      `2026-10-03T10:00:0${i}.000Z\t${id}\tINFO\thello`,
      `END RequestId: ${id}`,
      `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('lambdalens cost, functions it cannot price', () => {
  it('exits 2 naming the function and the flag or config key that would price it', () => {
    const run = runCli(['cost', regionless('random-name'), '--arch', 'x86_64'], {});
    expect(run.code).toBe(2);
    // The table on stdout lists what was left out; stderr ends with what to give.
    expect(run.stderr).toBe(
      'lambdalens: 2 invocation(s) could not be priced: function "random-name": Region unknown: pass --region <region> or set config key functions["random-name"].region\n',
    );
  });

  it('names every function with what each lacks', () => {
    const config = join(dir, 'functions.json');
    writeFileSync(config, JSON.stringify({ functions: { beta: { region: 'eu-west-1' } } }));
    const run = runCli(['cost', regionless('alpha'), regionless('beta'), '--config', config], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'lambdalens: 4 invocation(s) could not be priced: ' +
        'function "alpha": Region and architecture unknown: pass --region <region> and --arch x86_64|arm64 or set config keys functions["alpha"].region and .architecture; ' +
        'function "beta": architecture unknown: pass --arch x86_64|arm64 or set config key functions["beta"].architecture\n',
    );
  });
});
