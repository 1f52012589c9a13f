/**
 * `--live` with credentials that may not start Live Tail: the refusal ends the run at once,
 * naming the action, instead of a session asked for again every second while nothing shows.
 * The CLI against moto with IAM checks on.
 */

import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { clientConfig, logsClient, uniqueName } from '../integration/aws/helpers.ts';
import { startMoto } from '../services/moto.ts';
import { runCli } from '../support/cli.ts';

describe('Live Tail refused (CLI against moto with IAM auth on)', () => {
  it('logs --live without logs:StartLiveTail exits 1 naming the action', async () => {
    // The first four calls run unauthenticated: the group, and a user who may read logs but not tail them.
    const moto = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: '4' } });
    try {
      const url = moto.url;
      const group = uniqueName('/aws/lambda/untailable');
      await logsClient(url).send(new CreateLogGroupCommand({ logGroupName: group }));
      const iam = new IAMClient(clientConfig(url));
      const user = uniqueName('no-tail');
      await iam.send(new CreateUserCommand({ UserName: user }));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: user,
          PolicyName: 'read-not-tail',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['logs:FilterLogEvents', 'logs:DescribeLogGroups'], Resource: '*' },
            ],
          }),
        }),
      );
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: user }));
      // Refused at the first session: the run ends by itself, long before this bound kills it.
      const r = runCli(
        ['logs', '--log-group', group, '--live', '--endpoint-url', url],
        {
          AWS_ACCESS_KEY_ID: key.AccessKey!.AccessKeyId!,
          AWS_SECRET_ACCESS_KEY: key.AccessKey!.SecretAccessKey!,
          AWS_REGION: 'us-east-1',
        },
        { timeoutMs: 20_000 },
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^lambdalens: Access denied: your AWS identity is not allowed logs:StartLiveTail\. Add "logs:StartLiveTail" to its IAM policy\./,
      );
      expect(r.stdout).toBe('');
    } finally {
      await moto.stop();
    }
  }, 60_000);
});
