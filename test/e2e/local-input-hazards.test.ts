/**
 * Local inputs as they are found on a machine, read by the real CLI: file names that hold line
 * breaks. Whatever could not be read is named and fails the run at its end (exit 1) with the
 * rest read; whatever was read whole, oddities said, exits 0.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { ROOT } from '../support/live-cli.ts';

const BASE = join(ROOT, 'test', 'fixtures', 'local-inputs', 'two-invocations.log');
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-hazards-'));

describe('file names holding line breaks and control characters', () => {
  const named = (name: string, content: string | Buffer) => {
    const folder = mkdtempSync(join(dir, 'names-'));
    writeFileSync(join(folder, name), content);
    return join(folder, name);
  };

  it('are shown, never printed raw: no line a file name writes reads as lambdalens’s own', () => {
    const fake = 'x\nlambdalens: all inputs read\u001b[2K';
    const shown = 'x^Jlambdalens: all inputs read^[[2K';
    const log = named(`${fake}.log`, readFileSync(BASE));
    const text = runCli(['logs', log], {});
    expect(text.code).toBe(0);
    // The function is named after the file, in each block's header.
    const headers = text.stdout.split('\n').filter((l) => l.startsWith('2026-'));
    expect(headers.map((l) => l.split('  ')[1])).toEqual([shown, shown]);
    expect(text.stdout).not.toMatch(/^lambdalens/m);

    // In what stderr says of the input: a failure, and a run that found nothing in it.
    const empty = named(`${fake}.txt`, 'no lambda here\n');
    const nothing = runCli(['logs', empty], {});
    expect(nothing.code).toBe(1);
    const said = nothing.stderr.split('\n').filter(Boolean);
    expect(said).toEqual([
      `lambdalens: no Lambda invocations in ${empty.replace(fake, shown)}: 1 line read, none from a Lambda function's log`,
      expect.stringMatching(/^hint: /),
    ]);

    // And in what cost says of the function the name stands for.
    const cost = runCli(['cost', log], {});
    expect(cost.code).toBe(2);
    expect(cost.stderr.split('\n').filter(Boolean)).toEqual([
      `lambdalens: 2 invocation(s) could not be priced: function "${shown}": Region and architecture unknown: pass --region <region> and --arch x86_64|arm64 or set config keys functions["${shown}"].region and .architecture`,
    ]);
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
