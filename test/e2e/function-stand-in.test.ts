/**
 * A function named outright that Lambda cannot describe (deleted, its logs kept; or a role
 * allowed the logs alone) is read from its default log group when that exists, and the run
 * says so; with no such group the name fails as before. The CLI against moto.
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import {
  clientConfig,
  createFunction,
  createGroup,
  endpoint,
  logsClient,
  putEvents,
  uniqueName,
} from '../integration/aws/helpers.ts';
import { startMoto } from '../services/moto.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';

const ID = '44444444-4444-4444-8444-444444444444';

/** One whole invocation (12 ms billed at 256 MB) in `group`, a minute ago. */
/** Writes one invocation a minute ago; returns when (its day is the one to ask `cost` for). */
async function writeInvocation(url: string, group: string): Promise<number> {
  const logs = logsClient(url);
  await createGroup(logs, group, ['2026/12/01/[$LATEST]abc']);
  const at = Date.now() - 60_000;
  await putEvents(logs, group, '2026/12/01/[$LATEST]abc', [
    { timestamp: at, message: `START RequestId: ${ID} Version: $LATEST\n` },
    { timestamp: at + 1, message: `2026-12-01T00:00:00.000Z\t${ID}\tINFO\tstill here\n` },
    { timestamp: at + 2, message: `END RequestId: ${ID}\n` },
    {
      timestamp: at + 3,
      message: `REPORT RequestId: ${ID}\tDuration: 11.20 ms\tBilled Duration: 12 ms\tMemory Size: 256 MB\tMax Memory Used: 80 MB\t\n`,
    },
  ]);
  return at;
}

function invocationsOf(stdout: string): unknown[][] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map((i) => [i.requestId, i.status, i.billedDurationMs, i.functionName, i.logGroup]);
}

describe('a function Lambda cannot describe, read from its log group (CLI against moto)', () => {
  it('logs and cost read a deleted function from its log group and say so', async () => {
    const name = uniqueName('gone');
    const group = `/aws/lambda/${name}`;
    const writtenAt = await writeInvocation(endpoint(), group);
    const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() };
    const logs = runCli(['logs', '--function', name, '--since', '10m', '--output', 'ndjson'], env);
    expect(logs.code).toBe(0);
    expect(invocationsOf(logs.stdout)).toEqual([[ID, 'success', 12, name, group]]);
    expect(logs.stderr).toMatch(
      new RegExp(
        `^lambdalens: Lambda has no function ${name} \\(deleted\\?\\): reading its log group ${group.replaceAll('/', '\\/')}\\n` +
          'lambdalens: 1 invocation \\(1 success\\) from 1 function, 0 cold starts, \\S+ → \\S+\\n$',
      ),
    );

    // The invocation's own day (run just after midnight UTC, "today" held nothing).
    const day = new Date(writtenAt).toISOString().slice(0, 10);
    const tomorrow = new Date(writtenAt + 86_400_000).toISOString().slice(0, 10);
    const cost = runCli(
      [
        'cost',
        '--function',
        name,
        '--source',
        'filter-log-events',
        '--from',
        day,
        '--to',
        tomorrow,
        '--arch',
        'arm64',
        '--output',
        'json',
      ],
      env,
    );
    expect(cost.code).toBe(0);
    expect(cost.stderr).toContain(
      `note: Lambda has no function ${name} (deleted?): reading its log group ${group}\n`,
    );
    const report = JSON.parse(cost.stdout) as {
      functions: { functionName: string; architecture: string; invocations: number }[];
    };
    expect(report.functions.map((f) => [f.functionName, f.architecture, f.invocations])).toEqual([
      [name, 'arm64', 1],
    ]);
  }, 60_000);

  it('a name with neither a function nor a log group still fails, naming the function', () => {
    const name = uniqueName('never');
    const r = runCli(['logs', '--function', name, '--since', '10m'], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: endpoint(),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `lambdalens: Lambda function "${name}" not found in us-east-1. Check the name and the --region / --profile you are using.\n`,
    );
  });

  it('a role allowed the logs but not the function reads its default log group (moto with IAM auth on)', async () => {
    // The first eight calls run unauthenticated: the function, its logs, and a user allowed
    // to read logs and nothing of Lambda.
    const moto = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: '8' } });
    try {
      const url = moto.url;
      const name = uniqueName('locked');
      const group = `/aws/lambda/${name}`;
      await createFunction(name, {}, url); // CreateRole, CreateFunction
      await writeInvocation(url, group); // CreateLogGroup, CreateLogStream, PutLogEvents
      const iam = new IAMClient(clientConfig(url));
      const user = uniqueName('logs-reader');
      await iam.send(new CreateUserCommand({ UserName: user }));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: user,
          PolicyName: 'logs-only',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['logs:FilterLogEvents', 'logs:DescribeLogGroups'],
                Resource: '*',
              },
            ],
          }),
        }),
      );
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: user }));
      const r = runCli(
        ['logs', '--function', name, '--since', '10m', '--output', 'ndjson', '--endpoint-url', url],
        {
          AWS_ACCESS_KEY_ID: key.AccessKey!.AccessKeyId!,
          AWS_SECRET_ACCESS_KEY: key.AccessKey!.SecretAccessKey!,
          AWS_REGION: 'us-east-1',
        },
      );
      expect(r.stderr.split('\n')[0]).toBe(
        `lambdalens: these credentials may not describe function ${name} (lambda:GetFunctionConfiguration): ` +
          `reading its default log group ${group}; a log group set in its LoggingConfig would be missed`,
      );
      expect(r.code).toBe(0);
      expect(invocationsOf(r.stdout)).toEqual([[ID, 'success', 12, name, group]]);
    } finally {
      await moto.stop();
    }
  }, 60_000);
});
