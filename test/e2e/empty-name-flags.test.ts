/**
 * A flag that names something (`--log-group`, `--function-name`) given an empty or blank
 * value: a usage error naming the flag (exit 2), before anything is read. `--log-group ''`
 * was looked up in CloudWatch and said to be a group that "does not exist" (exit 1);
 * `--function-name ''` named every invocation of the input "" in NDJSON, where a name not
 * known is null, and the run still said they named no function. `--profile ''` was looked up
 * in the AWS config files and explained as a profile to "add [profile ] to" one of them.
 */
import { describe, expect, it } from 'vitest';
import { FAKE_AWS, runCli } from '../support/cli.ts';
import { ROOT } from '../support/live-cli.ts';

// Nothing may be asked of AWS: an endpoint that answers nothing.
const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
const input = `${ROOT}/examples/data/logs/etl-nightly.log`;

describe('an empty name given to a flag that names something', () => {
  it('is a usage error naming the flag', () => {
    for (const value of ['', '  ']) {
      const group = runCli(['logs', '--log-group', value], env);
      expect([group.code, group.stdout, group.stderr]).toEqual([
        2,
        '',
        `lambdalens: option '--log-group <name>' argument '${value}' is invalid. expected a log group name, got an empty one\nhint: see 'lambdalens logs --help'\n`,
      ]);
      // Beside a good one too: the empty one is not passed over.
      const beside = runCli(['logs', '--log-group', '/aws/lambda/orders-api', '--log-group', value], env);
      expect(beside.code).toBe(2);

      const named = runCli(['logs', input, '--function-name', value, '-o', 'ndjson'], env);
      expect([named.code, named.stdout, named.stderr]).toEqual([
        2,
        '',
        `lambdalens: option '--function-name <name>' argument '${value}' is invalid. expected a function name, got an empty one\nhint: see 'lambdalens logs --help'\n`,
      ]);
    }
    // A name is taken as given.
    const ok = runCli(['logs', input, '--function-name', 'etl-copy', '-o', 'ndjson'], env);
    expect(ok.code).toBe(0);
    expect(
      new Set(
        ok.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).functionName),
      ),
    ).toEqual(new Set(['etl-copy']));
  });

  it('refuses an empty --profile on every command that takes one, naming the flag', () => {
    const runs: [string, string[]][] = [
      ['logs', ['logs', '--function', 'orders-api']],
      ['functions', ['functions', 'orders-*']],
      // Local input to price: a profile here would give the pricing Region.
      ['cost', ['cost', input, '--arch', 'x86_64']],
      ['es setup', ['es', 'setup', '--es-url', 'http://127.0.0.1:9']],
    ];
    for (const value of ['', '  ']) {
      for (const [command, args] of runs) {
        const run = runCli([...args, '--profile', value], env);
        expect([run.code, run.stdout, run.stderr]).toEqual([
          2,
          '',
          `lambdalens: option '--profile <name>' argument '${value}' is invalid. expected a profile name, got an empty one\nhint: see 'lambdalens ${command} --help'\n`,
        ]);
      }
    }
  });
});
