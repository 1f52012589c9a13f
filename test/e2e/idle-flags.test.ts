/**
 * A source flag given where it does nothing is a usage error naming it and where it applies
 * (exit 2), before anything is read: `--look-back` anywhere but a follower of CloudWatch, the
 * AWS flags with local input unless the command uses them for it (the pricing Region of
 * `tail`, `ship` and `cost`, a cluster `ship` may sign for), `tail --replay` with CloudWatch, a typed
 * `--workers` with a read from CloudWatch Logs (one thread reads it). They
 * were accepted and passed over (`logs FILE --look-back 5m` exited 0). Where they mean
 * something they are still taken: `logs --follow --look-back` follows moto, stopped by SIGINT.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGroup, endpoint, logsClient, putEvents, uniqueName } from '../integration/aws/helpers.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';
import { invocationEvents, type LiveCli, ROOT, requestIdOf, startCli } from '../support/live-cli.ts';

// Nothing may be asked of AWS: an endpoint that answers nothing.
const dead = { ...FAKE_AWS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
const file = `${ROOT}/examples/data/logs/etl-nightly.log`;

const LOOK_BACK_FOLLOW =
  '--look-back applies only while following CloudWatch Logs (--function or --log-group, with --follow or --live)';
const LOOK_BACK_TAIL =
  '--look-back applies only while following CloudWatch Logs (--function or --log-group without --until)';
const awsOnly = (flag: string) => `${flag} applies to reads from AWS: local input makes no AWS call`;
const workersAws = (flag: string) =>
  `--workers applies to reading log files, which several threads share: ${flag} reads CloudWatch Logs in one`;

let cli: LiveCli | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
});

describe('a source flag given where it does nothing', () => {
  it('is a usage error naming the flag and where it applies', () => {
    const refused: [string[], string][] = [
      [['logs', file, '--look-back', '5m'], `${LOOK_BACK_FOLLOW}, not to local input`],
      [
        ['logs', '--function', 'orders-api', '--since', '1h', '--look-back', '5m'],
        `${LOOK_BACK_FOLLOW}, not to a history read, which finds every event of its window`,
      ],
      [['logs', file, '--region', 'eu-west-1'], awsOnly('--region')],
      [['logs', file, '--profile', 'team'], awsOnly('--profile')],
      [['logs', file, '--endpoint-url', 'http://127.0.0.1:9'], awsOnly('--endpoint-url')],
      [['logs', file, '--rate', '2'], awsOnly('--rate')],
      [['tail', file, '--look-back', '5m'], `${LOOK_BACK_TAIL}, not to local input`],
      [
        ['tail', '--function', 'orders-api', '--since', '1h', '--until', '5m', '--look-back', '5m'],
        `${LOOK_BACK_TAIL}, not to a history read, which finds every event of its window`,
      ],
      [['tail', file, '--endpoint-url', 'http://127.0.0.1:9'], awsOnly('--endpoint-url')],
      [['tail', file, '--rate', '2'], awsOnly('--rate')],
      [
        ['tail', '--function', 'orders-api', '--replay', '10'],
        '--replay paces local files by their timestamps: not with --function or --log-group',
      ],
      [['ship', file, '--to', '-', '--look-back', '5m'], `${LOOK_BACK_FOLLOW}, not to local input`],
      [['ship', file, '--to', '-', '--endpoint-url', 'http://127.0.0.1:9'], awsOnly('--endpoint-url')],
      [['ship', file, '--to', '-', '--rate', '2'], awsOnly('--rate')],
      [['cost', file, '--arch', 'x86_64', '--rate', '2'], awsOnly('--rate')],
      [['cost', file, '--arch', 'x86_64', '--endpoint-url', 'http://127.0.0.1:9'], awsOnly('--endpoint-url')],
      // A report from a cluster's documents reads no file and makes no CloudWatch call;
      // refused before the cluster is asked (it would not answer).
      [
        ['cost', '--source', 'elasticsearch', '--es-url', 'http://127.0.0.1:9', '--rate', '2'],
        '--rate applies to reads from AWS: --source elasticsearch reads the documents ship stored in the cluster, and makes no CloudWatch call',
      ],
      [
        [
          'cost',
          '--source',
          'elasticsearch',
          '--es-url',
          'http://127.0.0.1:9',
          '--function-name',
          'orders-api',
        ],
        '--function-name names the function of input that names none: --source elasticsearch reads the documents ship stored in the cluster',
      ],
      [
        ['cost', '--source', 'elasticsearch', '--es-url', 'http://127.0.0.1:9', '--workers', '2'],
        '--workers applies to reading log files, which several threads share: --source elasticsearch reads the documents ship stored in the cluster',
      ],
      [
        ['cost', file, '--source', 'elasticsearch', '--es-url', 'http://127.0.0.1:9'],
        `--source elasticsearch reads the documents ship stored in the cluster, not input files: drop ${file}`,
      ],
      // CloudWatch Logs is read by one thread: a typed --workers did nothing there. Refused
      // before AWS is asked (it would not answer).
      [['logs', '--function', 'orders-api', '--workers', '4'], workersAws('--function')],
      [['logs', '--log-group', '/aws/lambda/orders-api', '--workers', '4'], workersAws('--log-group')],
      [['logs', '--function', 'orders-api', '--follow', '--workers', '4'], workersAws('--function')],
      [['ship', '--function', 'orders-api', '--to', '-', '--workers', '4'], workersAws('--function')],
      [['cost', '--function', 'orders-api', '--workers', '4'], workersAws('--function')],
      [
        ['cost', '--function', 'orders-api', '--source', 'filter-log-events', '--workers', '4'],
        workersAws('--function'),
      ],
      // Refused before the cluster is asked (it would not answer).
      [
        ['ship', file, '--to', 'http://127.0.0.1:9', '--look-back', '5m'],
        `${LOOK_BACK_FOLLOW}, not to local input`,
      ],
    ];
    for (const [args, said] of refused) {
      const run = runCli(args, dead, { timeoutMs: 20_000 });
      expect([args, run.code, run.stdout, run.stderr]).toEqual([
        args,
        2,
        '',
        `lambdalens: ${said}\nhint: see 'lambdalens ${args[0]} --help'\n`,
      ]);
    }
  });

  it('is taken where it means something', () => {
    // tail, ship and cost price local input in the Region of --region (or --profile).
    for (const args of [
      ['tail', file, '--region', 'eu-west-1', '-o', 'ndjson'],
      ['ship', file, '--to', '-', '--region', 'eu-west-1'],
      ['cost', file, '--arch', 'x86_64', '--region', 'eu-west-1'],
    ]) {
      const run = runCli(args, dead);
      expect([args, run.code]).toEqual([args, 0]);
      expect(run.stdout).not.toBe('');
    }
  });

  it('--look-back is taken by a follower of CloudWatch', async () => {
    const group = `/aws/lambda/${uniqueName('idle-look-back')}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1']);
    const id = requestIdOf(1, 9);
    await putEvents(logs, group, 's1', invocationEvents(id, Date.now() - 20_000));
    cli = startCli(
      ['logs', '--log-group', group, '--follow', '--since', '2m', '--look-back', '5m', '-o', 'ndjson'],
      {
        ...FAKE_AWS,
        AWS_ENDPOINT_URL: endpoint(),
      },
    );
    await cli.waitForLine((text) => text.includes(id), 20_000);
    cli.child.kill('SIGINT');
    const exited = await cli.exited;
    expect(exited.code).toBe(0);
    expect(cli.stderr.map((l) => l.text).join('\n')).not.toContain('look-back applies');
  }, 60_000);
});
