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
  functionWithInvocation,
  logsClient,
  putEvents,
  uniqueName,
} from '../integration/aws/helpers.ts';
import { startMoto } from '../services/moto.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';

describe('AWS commands end to end (CLI process against moto)', () => {
  it('lists functions with their configuration, as a table and as JSON', async () => {
    const prefix = uniqueName('cfg');
    await createFunction(`${prefix}-api`, {
      MemorySize: 1024,
      Architectures: ['arm64'],
      EphemeralStorage: { Size: 2048 },
      Timeout: 30,
      TracingConfig: { Mode: 'Active' },
    });
    await createFunction(`${prefix}-worker`, { MemorySize: 256 });
    const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() };
    const json = runCli(['functions', `${prefix}-*`, '--output', 'json'], env);
    expect(json.stderr).toBe('');
    const fns = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(
      fns.map((f) => [
        f.functionName,
        f.memorySizeMB,
        f.architecture,
        f.ephemeralStorageMB,
        f.timeoutSeconds,
        f.tracingMode,
        f.logGroup,
        f.region,
        f.accountId,
      ]),
    ).toEqual([
      [
        `${prefix}-api`,
        1024,
        'arm64',
        2048,
        30,
        'Active',
        `/aws/lambda/${prefix}-api`,
        'us-east-1',
        '123456789012',
      ],
      [
        `${prefix}-worker`,
        256,
        'x86_64',
        512,
        3,
        'PassThrough',
        `/aws/lambda/${prefix}-worker`,
        'us-east-1',
        '123456789012',
      ],
    ]);
    const text = runCli(['functions', `${prefix}-api`], env);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^FUNCTION\s+RUNTIME\s+ARCH\s+MEMORY\s+TMP\s+TIMEOUT\s+TRACING\s+LOGS\s+LOG GROUP\s+REGION\s+ACCOUNT$/,
    );
    expect(lines[1]!.split(/\s{2,}/)).toEqual([
      `${prefix}-api`,
      'nodejs20.x',
      'arm64',
      '1024 MB',
      '2048 MB',
      '30 s',
      'Active',
      'Text',
      `/aws/lambda/${prefix}-api`,
      'us-east-1',
      '123456789012',
    ]);
  }, 60_000);

  it('logs --function reads history from AWS with the same NDJSON as local input', async () => {
    const name = uniqueName('logsfn');
    await createFunction(name);
    const logs = logsClient();
    const group = `/aws/lambda/${name}`;
    await createGroup(logs, group, ['2024/01/01/[$LATEST]aaa', '2024/01/01/[$LATEST]bbb']);
    const t = Date.now() - 120_000;
    const req = (id: string, stream: string, at: number) =>
      putEvents(logs, group, stream, [
        { timestamp: at, message: `START RequestId: ${id} Version: $LATEST\n` },
        { timestamp: at + 1, message: `2024-01-01T00:00:00.000Z\t${id}\tINFO\thello ${id}\n` },
        { timestamp: at + 2, message: `END RequestId: ${id}\n` },
        {
          timestamp: at + 3,
          message: `REPORT RequestId: ${id}\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t\n`,
        },
      ]);
    await req('11111111-1111-4111-8111-111111111111', '2024/01/01/[$LATEST]aaa', t);
    await req('22222222-2222-4222-8222-222222222222', '2024/01/01/[$LATEST]bbb', t + 10);
    const r = runCli(['logs', '--function', name, '--since', '10m', '--output', 'ndjson'], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: endpoint(),
    });
    // stderr holds only the closing summary.
    expect(r.stderr).toMatch(
      /^lambdalens: 2 invocations \(2 success\) from 1 function, 0 cold starts, \S+ → \S+\n$/,
    );
    const invs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(invs.map((i) => [i.requestId, i.status, i.billedDurationMs, i.functionName, i.logGroup])).toEqual([
      ['11111111-1111-4111-8111-111111111111', 'success', 2, name, group],
      ['22222222-2222-4222-8222-222222222222', 'success', 2, name, group],
    ]);
  }, 60_000);

  it('ship --function backfills the history of a function as line and invocation documents', async () => {
    const name = uniqueName('shipfn');
    const id = '33333333-3333-4333-8333-333333333333';
    await functionWithInvocation(name, id, [`2024-01-01T00:00:00.000Z\t${id}\tINFO\tshipped line\n`]);
    const r = runCli(['ship', '--function', name, '--since', '10m', '--to', '-'], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: endpoint(),
    });
    expect(r.code).toBe(0);
    type Doc = {
      _index: string;
      _source: { message?: string; faas?: { name?: string; execution?: string } };
    };
    const docs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Doc);
    // Four line documents and one invocation document, every one naming the function and request.
    expect(docs.map((d) => d._index.replace(/-\d{4}\.\d{2}\.\d{2}$/, ''))).toEqual([
      'lambdalens-logs',
      'lambdalens-logs',
      'lambdalens-logs',
      'lambdalens-logs',
      'lambdalens-invocations',
    ]);
    expect(docs.map((d) => [d._source.faas?.name, d._source.faas?.execution])).toEqual(
      Array.from({ length: 5 }, () => [name, id]),
    );
    expect(docs[1]?._source.message).toBe(`2024-01-01T00:00:00.000Z\t${id}\tINFO\tshipped line`);
    expect(r.stderr).toContain('5 documents: 5 written');
  }, 60_000);

  it('names an unknown function and the Region', () => {
    const r = runCli(['functions', 'does-not-exist-xyz'], { ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'lambdalens: Lambda function "does-not-exist-xyz" not found in us-east-1. Check the name and the --region / --profile you are using.\n',
    );
  });

  it('says how to provide credentials when there are none', () => {
    const r = runCli(['logs', '--function', 'anything', '--endpoint-url', endpoint()], {
      AWS_REGION: 'us-east-1',
    });
    // Missing credentials is a configuration error: exit 2, like a bad flag.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lambdalens: No AWS credentials found. Set AWS_PROFILE or pass --profile');
  });

  it('names the half of an access key the environment lacks, not "no credentials"', () => {
    const args = ['logs', '--function', 'anything', '--endpoint-url', endpoint()];
    const keyOnly = runCli(args, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEYONLY01' });
    expect(keyOnly.code).toBe(2);
    expect(keyOnly.stdout).toBe('');
    expect(keyOnly.stderr).toBe(
      'lambdalens: No AWS credentials: AWS_ACCESS_KEY_ID is set in the environment but AWS_SECRET_ACCESS_KEY is not, and the AWS SDK uses the two together\n' +
        'hint: export AWS_SECRET_ACCESS_KEY as well, or unset AWS_ACCESS_KEY_ID to take credentials from a profile\n',
    );
    const secretOnly = runCli(args, { AWS_REGION: 'us-east-1', AWS_SECRET_ACCESS_KEY: 'not-shown-anywhere' });
    expect(secretOnly.code).toBe(2);
    expect(secretOnly.stderr).toBe(
      'lambdalens: No AWS credentials: AWS_SECRET_ACCESS_KEY is set in the environment but AWS_ACCESS_KEY_ID is not, and the AWS SDK uses the two together\n' +
        'hint: export AWS_ACCESS_KEY_ID as well, or unset AWS_SECRET_ACCESS_KEY to take credentials from a profile\n',
    );
  });

  it('names the IAM action that is missing, and never prints the key (moto with IAM auth on)', async () => {
    const moto = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: '3' } });
    try {
      const url = moto.url;
      // The first three calls run unauthenticated: a user allowed only to list functions.
      const iam = new IAMClient(clientConfig(url));
      const user = uniqueName('reader');
      await iam.send(new CreateUserCommand({ UserName: user }));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: user,
          PolicyName: 'only-list',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['lambda:ListFunctions'], Resource: '*' }],
          }),
        }),
      );
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: user }));
      const r = runCli(['logs', '--log-group', '/aws/lambda/x', '--endpoint-url', url], {
        AWS_ACCESS_KEY_ID: key.AccessKey!.AccessKeyId!,
        AWS_SECRET_ACCESS_KEY: key.AccessKey!.SecretAccessKey!,
        AWS_REGION: 'us-east-1',
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^lambdalens: Access denied: your AWS identity is not allowed logs:FilterLogEvents on \/aws\/lambda\/x\. Add "logs:FilterLogEvents" to its IAM policy\./,
      );
      expect(r.stderr).not.toContain(key.AccessKey!.AccessKeyId!);
      expect(r.stderr).not.toContain(key.AccessKey!.SecretAccessKey!);
    } finally {
      await moto.stop();
    }
  }, 60_000);
});
