/**
 * `lambdalens tail --traces-file` on a real terminal: the detail view of an invocation whose
 * logs name a trace the file does not hold says so, in the words `logs` prints for the same
 * invocation, with the file named (the run's flags are out of sight on the screen). It said
 * "X-Ray was not asked", though X-Ray is never asked beside a file.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { FIXTURE, ROOT, TAIL, TRACES, tempDir } from './tail-fixtures.ts';
import { openSession, type TmuxSession } from './tmux.ts';

/** Its REPORT names trace 1-5e7d7595-…, which the saved BatchGetTraces output does not hold. */
const REQUEST = 'dbda340c-xmpl-4031-8810-11bb609b4c71';
const MISSING = '1-5e7d7595-212fxmpl9ee07c4884191322';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

describe('tail --traces-file, the detail view of an invocation whose trace the file lacks', () => {
  it('says the traces file, named, has no trace of that ID, as logs says it', async () => {
    const traces = join(tempDir(), 'traces.json');
    copyFileSync(join(ROOT, TRACES), traces);
    const logs = runCli(['logs', join(ROOT, FIXTURE), '--traces-file', traces], {});
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain(`  trace: the traces file has no trace ${MISSING}\n`);

    session = openSession(`${TAIL} ${FIXTURE} --traces-file ${traces}`, ROOT, { width: 220, height: 40 });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended'));
    tty.keys('/');
    tty.type(REQUEST.slice(0, 8));
    tty.keys('Enter');
    await tty.waitFor((s) => s.includes('(1 invocation)'));
    tty.keys('Enter');
    const detail = await tty.waitFor((s) => s.includes('X-Ray trace'));
    const lines = detail.split('\n').map((l) => l.trim());
    expect(lines[lines.indexOf('X-Ray trace') + 1]).toBe(`the traces file ${traces} has no trace ${MISSING}`);
    expect(detail).not.toContain('X-Ray was not asked');
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s))).toMatch(/^EXITED 0$/m);
  });
});
