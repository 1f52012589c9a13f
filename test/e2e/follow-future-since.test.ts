/**
 * Following from a `--since` after now: nothing can be shown until then, so `logs --follow`
 * (or `--live`) and `tail`, which follows unless --until ends its read, sat silent, a year
 * typed wrong for years. Refused at start as a history read of such a window is: exit 2,
 * naming the time given and the time now, before any call (the endpoint is dead).
 */
import { describe, expect, it } from 'vitest';
import { FAKE_AWS, runCli } from '../support/cli.ts';

const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
const iso = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;
const refusal = (command: string) =>
  new RegExp(
    String.raw`^lambdalens: --since 2030-01-01T00:00:00\.000Z is in the future \(it is now ${iso}\): following would show nothing until then; give a --since before now\nhint: see 'lambdalens ${command} --help'\n$`,
  );

describe('following from a --since in the future', () => {
  it('is a usage error naming the time given and the time now, for logs, tail and ship alike', () => {
    const runs: [string, string[]][] = [
      ['logs', ['logs', '--function', 'orders-api', '--follow']],
      ['logs', ['logs', '--function', 'orders-api', '--live']],
      // Not a terminal: tail prints text, following by default.
      ['tail', ['tail', '--function', 'orders-api']],
      ['tail', ['tail', '--log-group', '/aws/lambda/orders-api', '--live']],
      ['ship', ['ship', '--function', 'orders-api', '--follow', '--to', '-']],
    ];
    for (const [command, args] of runs) {
      const run = runCli([...args, '--since', '2030-01-01T00:00:00Z'], env, { timeoutMs: 20_000 });
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr).toMatch(refusal(command));
    }
  });
});
