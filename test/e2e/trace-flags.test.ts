/**
 * `logs` and `tail` name X-Ray the same way: `--traces` / `--no-traces` switch fetching on or
 * off (off for `logs`, on for `tail`, and each help page says which), `--traces-file <file>`
 * reads saved traces. The spellings they had before (`--traces FILE`, `tail --no-xray`) still
 * work, unlisted, and do exactly what the new ones do.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LOGS = join(root, 'test', 'fixtures', 'tail', 'invocations.ndjson');
const TRACES = join(root, 'test', 'fixtures', 'tail', 'batch-get-traces.json');
const TRACED = 'ac086670-6373-11e7-a174-f31b3397f190';

/** The help page with its wrapped descriptions joined back into one line per flag. */
const helpOf = (command: string): string =>
  (
    runCli([command, '--help'], {})
      .stdout.replace(/\n {10,}/g, ' ')
      .match(/^ {2}-.*$/gm) ?? []
  )
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .join('\n');

describe('the X-Ray flags of logs and tail', () => {
  it('both help pages list --traces, --no-traces and --traces-file, each with its default, and not the old spellings', () => {
    const flags = (help: string) => help.split('\n').filter((l) => /^--(no-)?(traces|xray)/.test(l));
    expect(flags(helpOf('logs'))).toEqual([
      '--traces fetch X-Ray traces of invocations read from AWS (--function/--log-group; needs xray:BatchGetTraces) (default: off)',
      '--no-traces do not fetch X-Ray traces',
      '--traces-file <file> attach traces from a file of `aws xray batch-get-traces` output',
    ]);
    expect(flags(helpOf('tail'))).toEqual([
      '--traces fetch X-Ray traces of invocations read from AWS (--function/--log-group; needs xray:BatchGetTraces) (default: on)',
      '--no-traces do not fetch X-Ray traces',
      '--traces-file <file> attach traces from a file of `aws xray batch-get-traces` output',
    ]);
  });

  it('--traces-file attaches the file’s traces; the old --traces FILE does the same, byte for byte, on both commands', () => {
    for (const command of ['logs', 'tail']) {
      const now = runCli([command, LOGS, '--traces-file', TRACES, '-o', 'ndjson'], {});
      const old = runCli([command, LOGS, '--traces', TRACES, '-o', 'ndjson'], {});
      expect([command, now.code, old.code]).toEqual([command, 0, 0]);
      const traced = now.stdout
        .trim()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { requestId: string; trace: { match: string; durationMs: number } | null },
        )
        .find((p) => p.requestId === TRACED);
      expect(traced?.trace).toMatchObject({ match: 'attached', durationMs: 3232 });
      expect(old.stdout).toBe(now.stdout);
      expect(old.stderr).toBe(now.stderr);
    }
  });

  it('both commands accept --no-traces and the old --no-xray; on local input they change nothing', () => {
    for (const command of ['logs', 'tail']) {
      const plain = runCli([command, LOGS, '-o', 'ndjson'], {});
      for (const flag of ['--no-traces', '--no-xray']) {
        const r = runCli([command, LOGS, flag, '-o', 'ndjson'], {});
        expect([command, flag, r.code, r.stdout]).toEqual([command, flag, 0, plain.stdout]);
      }
    }
  });

  it('a bad file is named by the flag that gave it; two different files are a usage error', () => {
    const absent = join(root, 'absent-traces.json');
    const now = runCli(['tail', LOGS, '--traces-file', absent], {});
    expect(now.code).toBe(2);
    expect(now.stderr).toMatch(
      new RegExp(`^lambdalens: --traces-file ${absent}: not readable as BatchGetTraces JSON`),
    );
    const old = runCli(['tail', LOGS, '--traces', absent], {});
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(
      new RegExp(`^lambdalens: --traces ${absent}: not readable as BatchGetTraces JSON`),
    );

    const both = runCli(['logs', LOGS, '--traces', TRACES, '--traces-file', absent], {});
    expect(both.code).toBe(2);
    expect(both.stderr.split('\n')[0]).toBe(
      `lambdalens: --traces ${TRACES} and --traces-file ${absent}: give one file of traces, with --traces-file`,
    );
  });

  it('--traces typed for local input (files or stdin), or beside a file of traces, is the same usage error on both commands', () => {
    const local = (command: string) =>
      'lambdalens: --traces fetches from X-Ray, for --function or --log-group: add one, or give a file of traces with --traces-file\n' +
      `hint: see 'lambdalens ${command} --help'\n`;
    const both = (command: string) =>
      `lambdalens: give --traces (from X-Ray) or --traces-file, not both\nhint: see 'lambdalens ${command} --help'\n`;
    for (const command of ['logs', 'tail']) {
      const refused = [
        [command, LOGS, '--traces'],
        [command, '-', '--traces'],
        [command, LOGS, '--traces', '--traces-file', TRACES],
        [command, '-', '--traces-file', TRACES, '--traces'],
        [command, '--function', 'orders-api', '--traces', '--traces-file', TRACES],
      ];
      expect(refused.map((args) => ({ args, ...runCli(args, {}) }))).toEqual([
        { args: refused[0], code: 2, stdout: '', stderr: local(command) },
        { args: refused[1], code: 2, stdout: '', stderr: local(command) },
        { args: refused[2], code: 2, stdout: '', stderr: both(command) },
        { args: refused[3], code: 2, stdout: '', stderr: both(command) },
        { args: refused[4], code: 2, stdout: '', stderr: both(command) },
      ]);
    }
  });
});
