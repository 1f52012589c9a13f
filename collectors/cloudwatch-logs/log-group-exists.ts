/**
 * Whether a log group exists, for reading a function's logs when Lambda cannot describe it
 * (a deleted function's logs stay; a logs-only role may not call GetFunctionConfiguration).
 */
import { type CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { type CallContext, callAws } from '../aws/call.ts';

/** A check bound to one client: DescribeLogGroups with the name as prefix, the name itself sorting first. */
export function logGroupChecker(
  client: CloudWatchLogsClient,
  ctx: CallContext,
): (logGroup: string) => Promise<boolean> {
  return async (logGroup) => {
    const out = await callAws(
      ctx,
      'logs:DescribeLogGroups',
      (abortSignal) =>
        client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup, limit: 1 }), {
          abortSignal,
        }),
      { resource: logGroup },
    );
    return out.logGroups?.[0]?.logGroupName === logGroup;
  };
}
