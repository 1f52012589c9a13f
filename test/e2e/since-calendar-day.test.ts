/**
 * `--since`/`--until` written as a day the calendar lacks (`2026-02-30`, `2026-04-31`): the
 * Date parser rolls it into the next month, so a read of February's end silently read
 * from 2 March. Refused at start as `cost --from 2026-02-30` is: exit 2, naming the flag,
 * the value and what is wrong with it, before any call (the endpoint is dead).
 */
import { describe, expect, it } from 'vitest';
import { FAKE_AWS, runCli } from '../support/cli.ts';

const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };

describe('--since and --until on a day the calendar lacks', () => {
  it('is a usage error naming the flag, the value and the month, for logs, tail and ship alike', () => {
    const runs: [string, string[], string][] = [
      [
        'logs',
        ['logs', '--function', 'orders-api', '--since', '2026-02-30'],
        '--since "2026-02-30": 2026-02 has no day 30',
      ],
      [
        'logs',
        ['logs', '--function', 'orders-api', '--since', '2026-04-01', '--until', '2026-04-31T10:00:00Z'],
        '--until "2026-04-31T10:00:00Z": 2026-04 has no day 31',
      ],
      [
        'logs',
        ['logs', '--function', 'orders-api', '--since', '2026-03-00'],
        '--since "2026-03-00": 2026-03 has no day 0',
      ],
      [
        'tail',
        ['tail', '--function', 'orders-api', '--since', '2025-02-29 10:00'],
        '--since "2025-02-29 10:00": 2025-02 has no day 29',
      ],
      [
        'ship',
        ['ship', '--function', 'orders-api', '--since', '2026-06-31', '--to', '-'],
        '--since "2026-06-31": 2026-06 has no day 31',
      ],
    ];
    for (const [command, args, said] of runs) {
      const run = runCli(args, env, { timeoutMs: 20_000 });
      expect([run.code, run.stdout, run.stderr]).toEqual([
        2,
        '',
        `lambdalens: ${said}\nhint: see 'lambdalens ${command} --help'\n`,
      ]);
    }
  });

  it('still takes the last day of each month, 29 February of a leap year included', () => {
    // The window is reversed on purpose: that refusal comes only once both days have been read.
    const run = runCli(
      ['logs', '--function', 'orders-api', '--since', '2024-02-29T23:00:00Z', '--until', '2024-02-28'],
      env,
      { timeoutMs: 20_000 },
    );
    expect([run.code, run.stderr]).toEqual([
      2,
      "lambdalens: --until (2024-02-28T00:00:00.000Z) is before --since (2024-02-29T23:00:00.000Z)\nhint: see 'lambdalens logs --help'\n",
    ]);
  });
});
