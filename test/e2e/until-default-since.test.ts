/**
 * `--until` without `--since`: the window starts at the default `--since` (10m ago), so an
 * `--until` earlier than that is an empty window. The refusal said "--until (…) is before
 * --since (…)", naming a flag the user had not typed and leaving them to guess where its time
 * came from. It now says the start is the default and what to add. Refused before any call
 * (the endpoint is dead); the --since typed keeps the old words.
 */
import { describe, expect, it } from 'vitest';
import { FAKE_AWS, runCli } from '../support/cli.ts';

const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
const iso = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;

describe('--until before the default --since', () => {
  it('names the default --since, its time, and asks for a --since, for logs, tail and ship alike', () => {
    const runs: [string, string[]][] = [
      ['logs', ['logs', '--function', 'orders-api', '--until', '1h']],
      ['tail', ['tail', '--function', 'orders-api', '--until', '1h']],
      ['ship', ['ship', '--function', 'orders-api', '--until', '1h', '--to', '-']],
    ];
    for (const [command, args] of runs) {
      const run = runCli(args, env, { timeoutMs: 20_000 });
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr).toMatch(
        new RegExp(
          String.raw`^lambdalens: --until \(${iso}\) is before the window's start, 10m ago when no --since is given \(${iso}\): give a --since before the --until\nhint: see 'lambdalens ${command} --help'\n$`,
        ),
      );
    }
  });

  it('keeps naming the --since typed', () => {
    const run = runCli(['logs', '--function', 'orders-api', '--since', '10m', '--until', '1h'], env, {
      timeoutMs: 20_000,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        String.raw`^lambdalens: --until \(${iso}\) is before --since \(${iso}\)\nhint: see 'lambdalens logs --help'\n$`,
      ),
    );
  });
});
