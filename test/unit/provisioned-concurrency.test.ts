/**
 * Reading provisioned concurrency for the standing charge. moto has no provisioned-
 * concurrency API, so the Lambda client is mocked here (aws-sdk-client-mock), with the
 * response shape of the AWS API reference.
 */
import { LambdaClient, ListProvisionedConcurrencyConfigsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../collectors/aws/rate-limiter.ts';
import { silentLogger, sleep, systemClock } from '../../collectors/kernel/index.ts';
import { readProvisionedConcurrency } from '../../collectors/lambda/provisioned.ts';

const lambda = mockClient(LambdaClient);
const ctx = {
  limiter: createRateLimiter({ ratePerSecond: 1000 }),
  clock: systemClock,
  sleep,
  logger: silentLogger,
};
const arn = (q: string) => `arn:aws:lambda:us-east-1:123456789012:function:checkout:${q}`;

afterEach(() => lambda.reset());

describe('provisioned concurrency', () => {
  it('adds up what is allocated on every alias and version, page after page', async () => {
    lambda
      .on(ListProvisionedConcurrencyConfigsCommand, { FunctionName: 'checkout', Marker: undefined })
      .resolves({
        ProvisionedConcurrencyConfigs: [
          {
            FunctionArn: arn('live'),
            AllocatedProvisionedConcurrentExecutions: 5,
            RequestedProvisionedConcurrentExecutions: 5,
            Status: 'READY',
          },
        ],
        NextMarker: 'page-2',
      })
      .on(ListProvisionedConcurrencyConfigsCommand, { FunctionName: 'checkout', Marker: 'page-2' })
      .resolves({
        ProvisionedConcurrencyConfigs: [
          // Still being allocated: 2 of the 10 asked for are billed so far.
          {
            FunctionArn: arn('12'),
            AllocatedProvisionedConcurrentExecutions: 2,
            RequestedProvisionedConcurrentExecutions: 10,
            Status: 'IN_PROGRESS',
          },
        ],
      });
    const pc = await readProvisionedConcurrency(new LambdaClient({ region: 'us-east-1' }), ctx, 'checkout');
    expect(pc).toEqual({
      functionName: 'checkout',
      environments: 7,
      configs: [
        { qualifier: 'live', allocated: 5, requested: 5, status: 'READY' },
        { qualifier: '12', allocated: 2, requested: 10, status: 'IN_PROGRESS' },
      ],
    });
    expect(lambda.commandCalls(ListProvisionedConcurrencyConfigsCommand)).toHaveLength(2);
  });

  it('is zero for a function without any', async () => {
    lambda.on(ListProvisionedConcurrencyConfigsCommand).resolves({ ProvisionedConcurrencyConfigs: [] });
    const pc = await readProvisionedConcurrency(new LambdaClient({ region: 'us-east-1' }), ctx, 'plain');
    expect(pc.environments).toBe(0);
  });
});
