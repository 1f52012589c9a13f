/**
 * Provisioned concurrency configured on a function (all its aliases and versions): what
 * its standing charge is billed on. Logs cannot show it; `ListProvisionedConcurrencyConfigs`
 * can, as of now (not over the month: the report says so).
 */
import { type LambdaClient, ListProvisionedConcurrencyConfigsCommand } from '@aws-sdk/client-lambda';
import { type CallContext, callAws } from '../aws/call.ts';

export interface ProvisionedConfig {
  /** The alias or version ARN's qualifier. */
  qualifier: string;
  allocated: number;
  requested: number;
  status: string;
}

export interface ProvisionedConcurrency {
  functionName: string;
  /** Environments allocated now, over every qualifier: what is billed. */
  environments: number;
  configs: ProvisionedConfig[];
}

/** Reads every provisioned-concurrency configuration of a function, page by page. */
export async function readProvisionedConcurrency(
  client: LambdaClient,
  ctx: CallContext,
  functionName: string,
): Promise<ProvisionedConcurrency> {
  const configs: ProvisionedConfig[] = [];
  let marker: string | undefined;
  do {
    const page = await callAws(
      ctx,
      'lambda:ListProvisionedConcurrencyConfigs',
      (abortSignal) =>
        client.send(
          new ListProvisionedConcurrencyConfigsCommand({ FunctionName: functionName, Marker: marker }),
          {
            abortSignal,
          },
        ),
      { resource: functionName },
    );
    for (const c of page.ProvisionedConcurrencyConfigs ?? []) {
      configs.push({
        qualifier: c.FunctionArn?.split(':').at(-1) ?? '',
        allocated: c.AllocatedProvisionedConcurrentExecutions ?? 0,
        requested: c.RequestedProvisionedConcurrentExecutions ?? 0,
        status: c.Status ?? 'UNKNOWN',
      });
    }
    marker = page.NextMarker;
  } while (marker);
  return { functionName, environments: configs.reduce((n, c) => n + c.allocated, 0), configs };
}
